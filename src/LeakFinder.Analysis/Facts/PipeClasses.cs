using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The package's io.Pipes (<see cref="Pipes"/>) as blocking objects for the lock facts: each `io.Pipe()` call of the
/// package is a class (`io.Pipe@pos`), and every variable, parameter and field the package puts one of its ends into
/// holds it (`pr, pw := io.Pipe()`, `&amp;session{pr: pr, pw: pw}`, `b.Add(pw)` with Add appending its parameter to
/// `b.writers`, `for _, w := range b.writers`). A Write into a holder of a writer end (`w.Write(p)`, `io.Copy(w, r)`,
/// `fmt.Fprintf(w, ...)`, <see cref="WriteTarget"/>) waits for the pipe's reader; Close or CloseWithError on a holder of
/// either end (<see cref="Closed"/>) ends that wait. A pipe is followed only while the package keeps it to itself:
/// every use of a holder is one of those, a partial Read, a comparison, or a store into another holder. An end that
/// is returned, handed to a function outside the package, kept in an exported field or sent anywhere else, and a
/// reader the package reads to its end (io.ReadAll, io.Copy from it, reads in a loop), make the pipe unknown: nothing
/// is said about it.
/// </summary>
internal sealed class PipeClasses
{
    public static readonly PipeClasses None = new(null!);

    private readonly TypeInfo _info;
    private readonly List<string> _keys = [];
    private readonly Dictionary<Var, HashSet<(int Pipe, bool Writer)>> _vars = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, HashSet<(int Pipe, bool Writer)>> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<int> _unknown = [];

    private PipeClasses(TypeInfo info) => _info = info;

    public bool IsEmpty => _keys.Count == 0 || _keys.Count == _unknown.Count;

    public static PipeClasses Of(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        if (!UsesPipe(info)) return None;
        var pipes = new PipeClasses(info);
        var declared = new Dictionary<Func, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
            if (fn.Function is FuncDecl fd && info.Defs.GetValueOrDefault(fd.Name) is Func f) declared[f] = fd;
        foreach (var fn in functions) pipes.FindPipes(fn);
        if (pipes._keys.Count == 0) return None;
        // Holders found in one round (a parameter given a pipe, a field it is appended to) are followed in the next.
        for (var round = 0; round < 6; round++)
        {
            var before = pipes.Count();
            foreach (var fn in functions) pipes.Follow(fn, declared);
            if (pipes.Count() == before) break;
        }
        return pipes;
    }

    private static bool UsesPipe(TypeInfo info)
    {
        foreach (var used in info.Uses.Values)
            if (used is Func { Name: "Pipe" } f && f.FullName == "io.Pipe") return true;
        return false;
    }

    private int Count() => _vars.Values.Sum(s => s.Count) + _fields.Values.Sum(s => s.Count) + _unknown.Count;

    /// <summary>`pr, pw := io.Pipe()` (or into fields): each end's first holder.</summary>
    private void FindPipes(FunctionBody fn) =>
        Walker.Inspect(fn.Body, n =>
        {
            if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
            if (n is not AssignStmt { Lhs.Count: 2, Rhs: [var rhs] } a || !Pipes.IsPipeCall(_info, rhs)) return true;
            var pipe = _keys.Count;
            _keys.Add($"io.Pipe@{Expr.Unparen(rhs).Pos().Value}");
            for (var i = 0; i < 2; i++)
                if (!Hold(a.Lhs[i], [(pipe, i == 1)])) _unknown.Add(pipe);
            return true;
        });

    /// <summary>Records that target (a local, a field, an element of a field) holds these ends; false for a target
    /// that cannot be followed.</summary>
    private bool Hold(Expr target, HashSet<(int, bool)> ends)
    {
        target = Expr.Unparen(target);
        if (target is Ident { Name: "_" }) return true;
        if (target is IndexExpr ix) target = Expr.Unparen(ix.X);
        switch (target)
        {
            case Ident id when _info.ObjectOf(id) is Var { IsField: false } v && !LockPaths.IsGlobal(v):
                Add(_vars, v, ends);
                return true;
            case SelectorExpr sel when !sel.Sel.IsExported() && LockPaths.Of(_info, sel)?.Class is { } cls:
                Add(_fields, cls, ends);
                return true;
            default:
                return false;
        }
    }

    private static void Add<TKey>(Dictionary<TKey, HashSet<(int, bool)>> map, TKey key, HashSet<(int, bool)> ends) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var set)) map[key] = set = [];
        set.UnionWith(ends);
    }

    /// <summary>The ends an expression may hold: a holder variable, field, or element of a holder field.</summary>
    private HashSet<(int Pipe, bool Writer)>? Held(Expr e)
    {
        e = Expr.Unparen(e);
        if (e is IndexExpr ix) e = Expr.Unparen(ix.X);
        return e switch
        {
            Ident id when _info.ObjectOf(id) is Var v && _vars.TryGetValue(v, out var held) => held,
            SelectorExpr sel when _fields.Count > 0 && _info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.FieldVal
                                  && LockPaths.Of(_info, sel)?.Class is { } cls && _fields.TryGetValue(cls, out var held) => held,
            _ => null,
        };
    }

    /// <summary>Every use of a holder in the body: a use not understood makes its pipes unknown.</summary>
    private void Follow(FunctionBody fn, Dictionary<Func, FuncDecl> declared) =>
        Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
        {
            if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
            if (n is not (Ident or SelectorExpr) || Held((Expr)n) is not { } held) return true;
            if (n is Ident id && _info.Defs.ContainsKey(id)) return false;
            if (!Understood((Expr)n, ancestors, held, declared)) _unknown.UnionWith(held.Select(h => h.Pipe));
            return false;
        });

    private bool Understood(Expr use, IReadOnlyList<Node> ancestors, HashSet<(int Pipe, bool Writer)> held, Dictionary<Func, FuncDecl> declared)
    {
        for (var k = ancestors.Count - 1; k >= 0; k--)
        {
            var parent = ancestors[k];
            switch (parent)
            {
                case ParenExpr or SliceExpr or IndexExpr when parent is not IndexExpr ix || ReferenceEquals(Expr.Unparen(ix.X), use):
                    // An element or a part of a holder field holds what it holds.
                    use = (Expr)parent;
                    continue;
                case SelectorExpr sel when ReferenceEquals(sel.X, use):
                    if (k < 1 || ancestors[k - 1] is not CallExpr method || !ReferenceEquals(method.Fun, sel)) return false;
                    switch (sel.Sel.Name)
                    {
                        case "Write" or "WriteString" or "Close" or "CloseWithError":
                            return true;
                        case "Read":
                            // A reader read in a loop is read to its end: the pipe's writer never waits for good.
                            if (Loops.Innermost(ancestors) != null) _unknown.UnionWith(held.Select(h => h.Pipe));
                            return true;
                        default:
                            return false;
                    }
                case CallExpr call when call.Args.IndexOf(use) is var arg and >= 0:
                    if (Calls.BuiltinName(_info, call) is { } builtin)
                        return builtin is "len" or "cap" || builtin == "append" && k >= 1 && ancestors[k - 1] is AssignStmt { Lhs: [var to], Rhs: [var from] } && ReferenceEquals(Expr.Unparen(from), call) && Hold(to, held);
                    var callee = Calls.Callee(_info, call);
                    if (arg == 0 && StdCallbacks.WritesToFirst(callee?.FullName)) return true;
                    // A function of the package: its parameter holds what it is given.
                    if (callee != null && declared.TryGetValue(callee, out var decl) && !call.Ellipsis.IsValid && callee.Signature is { Variadic: false }
                        && SummaryBuilder.ParamVars(decl, _info) is var parameters && arg < parameters.Count && parameters[arg] is { } param)
                    {
                        Add(_vars, param, held);
                        return true;
                    }
                    return false;
                case RangeStmt r when ReferenceEquals(Expr.Unparen(r.X), use):
                    return r.Value == null || Hold(r.Value, held);
                case BinaryExpr { Op: Syntax.Token.Eql or Syntax.Token.Neq }:
                    return true;
                case AssignStmt a:
                    if (a.Lhs.Any(l => ReferenceEquals(Expr.Unparen(l), use))) return true; // a store into it, followed from its value
                    var at = a.Rhs.IndexOf(use);
                    return at >= 0 && a.Lhs.Count == a.Rhs.Count && Hold(a.Lhs[at], held);
                case KeyValueExpr kv when ReferenceEquals(kv.Value, use) && k >= 1 && ancestors[k - 1] is CompositeLit lit && kv.Key is Ident key
                                          && _info.TypeOf(lit) is NamedType { Underlying: Semantics.Types.StructType } named && !key.IsExported():
                    Add(_fields, (named.Origin ?? named).Obj.Name + "." + key.Name, held);
                    return true;
                case ExprStmt:
                    return true;
                default:
                    return false;
            }
        }
        return false;
    }

    /// <summary>The pipe a call writes into (`w.Write(p)`, `w.WriteString(s)`, `io.Copy(w, r)`, `io.WriteString(w, s)`,
    /// `fmt.Fprintf(w, ...)`) as the writer's path with the pipe's class, when the writer holds the writer end of exactly
    /// one pipe the package keeps to itself; null otherwise.</summary>
    public LockPath? WriteTarget(CallExpr call)
    {
        if (IsEmpty) return null;
        Expr? writer = null;
        if (Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Write" or "WriteString" } sel && _info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodVal)
            writer = sel.X;
        else if (call.Args.Count > 0 && StdCallbacks.WritesToFirst(Calls.Callee(_info, call)?.FullName))
            writer = call.Args[0];
        if (writer == null || Held(writer) is not { } held) return null;
        var pipes = held.Where(h => h.Writer && !_unknown.Contains(h.Pipe)).Select(h => h.Pipe).Distinct().ToList();
        if (pipes.Count != 1 || held.Any(h => h.Writer && _unknown.Contains(h.Pipe))) return null;
        return LockPaths.Of(_info, writer) is { } path ? path with { Class = _keys[pipes[0]] } : null;
    }

    /// <summary>The classes of the pipes a call closes (`x.Close()` or `x.CloseWithError(err)` on a holder of either end).</summary>
    public IEnumerable<string> Closed(CallExpr call)
    {
        if (IsEmpty || Expr.Unparen(call.Fun) is not SelectorExpr { Sel.Name: "Close" or "CloseWithError" } sel || Held(sel.X) is not { } held) return [];
        return held.Select(h => h.Pipe).Distinct().Where(p => !_unknown.Contains(p)).Select(p => _keys[p]);
    }
}
