using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using SliceType = LeakFinder.Semantics.Types.SliceType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Heap;

/// <summary>
/// LF6004: a sync.Pool given back a value that keeps more than it should. Two shapes:
/// a *bytes.Buffer (or a []byte the function appends to) put back with no bound on its capacity: one large
/// request grows the buffer and the pool keeps the big array for every later small use (golang/go#23199; fmt
/// and encoding/json drop buffers above a size before Put); and a value of the package's own struct type, got
/// from the pool in the same function, put back while a pointer, slice or map field the function set from its
/// parameters or from a request still references that data. The function is silent when it compares the
/// buffer's Cap, Len, cap or len, when it calls any method on the pooled value or hands it to any function but
/// Put (either may reset it), or when it assigns the value or that field again (a reset). Docs: docs/rules/LF6004.md.
/// </summary>
public sealed class LF6004PoolPutRetains : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF6004", "pool-put-retains", RuleCategory.MemoryRetention, Severity.Warning,
        "A value goes back to a sync.Pool still holding memory")
    {
        Since = "0.5",
        Summary = "a sync.Pool Put of a bytes.Buffer or growing []byte with no capacity bound, or of a pooled struct whose fields still reference the caller's or request's data",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RequestData.Analysis];

    public override void Run(Pass pass)
    {
        // Every finding is at a Put call.
        if (!pass.UsesFunction("(*sync.Pool).Put")) return;
        RequestData? requests = null;
        foreach (var file in pass.Files)
            foreach (var d in file.File.Decls.OfType<FuncDecl>())
            {
                if (d.Body == null) continue;
                var puts = new List<CallExpr>();
                Walker.Inspect(d.Body, n =>
                {
                    if (n is CallExpr c && IsPoolMethod(pass, c, "Put") && c.Args.Count == 1) puts.Add(c);
                    return true;
                });
                foreach (var put in puts)
                {
                    if (UnboundedBuffer(pass, d, put.Args[0]) is { } what)
                        pass.Report(put, $"{what} goes back to the pool whatever its capacity: one large use grows it and the pool keeps the large array for every later Get; drop it instead when it has grown past a bound (`if buf.Cap() > maxSize {{ return }}` before Put)");
                    else if (StaleField(pass, d, put.Args[0], requests ??= pass.ResultOf(RequestData.Analysis)) is { } stale)
                    {
                        var at = pass.FileSet.Position(stale.Pos());
                        pass.Report(put, $"{Render(put.Args[0])} goes back to the pool with field {Render(stale.Lhs[0])} still set at {Path.GetFileName(at.Filename)}:{at.Line}: the pooled value keeps that data alive until some later Get reuses it; clear the field (or `*{Render(put.Args[0])} = {TypeName(pass, put.Args[0])}{{}}`) before Put",
                            new RelatedLocation(pass.Span(stale), "the field is set here"));
                    }
                }
            }
    }

    // Name first, then the receiver's prefix: no string built per call (this runs on every call of the package).
    private static bool IsPoolMethod(Pass pass, CallExpr c, string name) =>
        Calls.Callee(pass.Info, c) is { } f && f.Name == name && f.FullName.StartsWith("(*sync.Pool).", StringComparison.Ordinal);

    /// <summary>"buffer buf" when the argument is a *bytes.Buffer, or a []byte (or *[]byte) the function grows
    /// by append, and nothing in the function compares its size; null otherwise.</summary>
    private static string? UnboundedBuffer(Pass pass, FuncDecl d, Expr arg)
    {
        var e = Expr.Unparen(arg);
        if (e is UnaryExpr { Op: Token.And } addr) e = Expr.Unparen(addr.X);
        if (e is not Ident id || pass.Info.ObjectOf(id) is not Var v) return null;
        var t = v.Type;
        var isBuffer = t is PointerType { Elem: NamedType { Obj: { Name: "Buffer", Pkg.Path: "bytes" } } };
        if (t is PointerType ptr && !isBuffer) t = ptr.Elem;
        var isBytes = t.Underlying is SliceType { Elem.Underlying: BasicType { Kind: BasicKind.Uint8 } };
        if (!isBuffer && !isBytes) return null;
        var grows = isBuffer;
        var bounded = false;
        var aliases = Aliases(pass, d.Body!, v);
        var ancestors = new List<Node>();
        Walker.Inspect(d.Body!, n =>
        {
            if (n == null)
            {
                ancestors.RemoveAt(ancestors.Count - 1);
                return false;
            }
            if (n is CallExpr c && MentionsAny(pass, c.Args.Count > 0 ? c.Args[0] : c.Fun, aliases))
            {
                var method = Expr.Unparen(c.Fun) is SelectorExpr sel && MentionsAny(pass, sel.X, aliases) ? sel.Sel.Name : null;
                var builtin = Calls.BuiltinName(pass.Info, c);
                if ((method is "Cap" or "Len" || builtin is "cap" or "len") && ancestors.Any(a => a is BinaryExpr { Op: Token.Lss or Token.Leq or Token.Gtr or Token.Geq })) bounded = true;
                if (builtin == "append" && AppendsUnbounded(pass, c) || builtin == null && method == null && IsStdAppend(pass, c) && AppendsUnbounded(pass, c)) grows = true;
            }
            ancestors.Add(n);
            return !bounded;
        });
        if (bounded || !grows) return null;
        return isBuffer ? $"buffer {id.Name}" : $"byte slice {id.Name}";
    }

    /// <summary>The buffer variable and the locals it is copied to or from (`b := (*bp)[:0]`, `*bp = b`): a
    /// bound checked or an append made on any of them is on the buffer.</summary>
    private static HashSet<GoObject> Aliases(Pass pass, BlockStmt body, Var v)
    {
        var set = new HashSet<GoObject>(ReferenceEqualityComparer.Instance) { v };
        for (var changed = true; changed;)
        {
            changed = false;
            Walker.Inspect(body, n =>
            {
                if (n is AssignStmt a && a.Lhs.Count == a.Rhs.Count)
                    for (var i = 0; i < a.Lhs.Count; i++)
                    {
                        if (Expr.Unparen(a.Lhs[i]) is Ident l && pass.Info.ObjectOf(l) is Var lv && Buffer(lv.Type) && !set.Contains(lv) && MentionsAny(pass, a.Rhs[i], set)) changed |= set.Add(lv);
                        if (Expr.Unparen(a.Rhs[i]) is Ident r && pass.Info.ObjectOf(r) is Var rv && Buffer(rv.Type) && !set.Contains(rv) && MentionsAny(pass, a.Lhs[i], set)) changed |= set.Add(rv);
                    }
                return true;
            });
        }
        return set;
    }

    /// <summary>Whether an append adds data of a size the code does not bound: a spread string or slice that is not
    /// a constant, or a string or slice argument of strconv.AppendQuote-like helpers. Numbers, bytes and runes
    /// add a few bytes each (a formatted float grows a buffer by two dozen bytes at most).</summary>
    private static bool AppendsUnbounded(Pass pass, CallExpr c)
    {
        for (var i = 1; i < c.Args.Count; i++)
        {
            if (pass.Info.Types.TryGetValue(c.Args[i], out var tv) && tv.Value != null) continue;
            var sized = pass.Info.TypeOf(c.Args[i])?.Underlying is SliceType or BasicType { Kind: BasicKind.String or BasicKind.UntypedString };
            var spread = c.Ellipsis.IsValid && i == c.Args.Count - 1;
            if (sized && (spread || Calls.BuiltinName(pass.Info, c) == null)) return true;
        }
        return false;
    }

    /// <summary>strconv's and other std packages' Append* functions: they append to their first argument.</summary>
    private static bool IsStdAppend(Pass pass, CallExpr c) =>
        Calls.Callee(pass.Info, c) is { IsMethod: false } f && Calls.IsStd(f.Pkg) && f.Name.StartsWith("Append", StringComparison.Ordinal);

    private static bool Buffer(GoType t) => (t is PointerType p ? p.Elem : t).Underlying is SliceType;

    /// <summary>The assignment of a reference field of a pooled struct the function got from the same pool and
    /// did not reset before Put; null when the function may reset it or the field holds nothing from outside.</summary>
    private static AssignStmt? StaleField(Pass pass, FuncDecl d, Expr arg, RequestData requests)
    {
        if (Expr.Unparen(arg) is not Ident id || pass.Info.ObjectOf(id) is not Var v) return null;
        if (LongLived.OwnStruct(pass, v.Type) is not { } owner || v.Type is not PointerType) return null;
        var got = false;
        var unknown = false;
        var sets = new Dictionary<GoObject, AssignStmt>(ReferenceEqualityComparer.Instance);
        var cleared = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        var parameters = Parameters(pass, d);
        var ancestors = new List<Node>();
        Walker.Inspect(d.Body!, n =>
        {
            if (n == null)
            {
                ancestors.RemoveAt(ancestors.Count - 1);
                return false;
            }
            if (n is Ident use && ReferenceEquals(pass.Info.ObjectOf(use), v) && ancestors.Count > 0)
                switch (UseOf(pass, ancestors, use, v))
                {
                    case PoolUse.Got: got = true; break;
                    case PoolUse.Unknown: unknown = true; break;
                }
            if (n is AssignStmt { Tok: Token.Assign } a)
                for (var i = 0; i < a.Lhs.Count && a.Lhs.Count == a.Rhs.Count; i++)
                    if (Expr.Unparen(a.Lhs[i]) is SelectorExpr { X: Ident owned } sel && ReferenceEquals(pass.Info.ObjectOf(owned), v)
                        && pass.Info.Uses.GetValueOrDefault(sel.Sel) is Var { IsField: true } field)
                    {
                        if (IsZero(pass, a.Rhs[i])) cleared.Add(field);
                        else if (References(field.Type) && (requests.Carries(a.Rhs[i]) || MentionsAny(pass, a.Rhs[i], parameters))) sets.TryAdd(field, a);
                    }
            ancestors.Add(n);
            return true;
        });
        if (!got || unknown) return null;
        return sets.Where(s => !cleared.Contains(s.Key)).Select(s => s.Value).OrderBy(a => a.Pos().Value).FirstOrDefault();
    }

    private enum PoolUse { Read, Got, Unknown }

    /// <summary>What a mention of the pooled variable does: takes the pool's value, reads or writes a field, is put
    /// back; anything else (a method call, handed to a function, stored, reassigned) may reset it.</summary>
    private static PoolUse UseOf(Pass pass, List<Node> ancestors, Ident use, Var v)
    {
        var parent = ancestors[^1];
        switch (parent)
        {
            case AssignStmt a when a.Lhs.Contains(use):
                var i = 0;
                while (!ReferenceEquals(a.Lhs[i], use)) i++;
                var rhs = a.Rhs.Count == a.Lhs.Count ? a.Rhs[i] : a.Rhs[0];
                return Expr.Unparen(rhs) is TypeAssertExpr { X: CallExpr get } && IsPoolMethod(pass, get, "Get") ? PoolUse.Got : PoolUse.Unknown;
            case ValueSpec vs when vs.Names.Contains(use):
                return vs.Values.Count == 1 && Expr.Unparen(vs.Values[0]) is TypeAssertExpr { X: CallExpr g } && IsPoolMethod(pass, g, "Get") ? PoolUse.Got : PoolUse.Unknown;
            case SelectorExpr sel when ReferenceEquals(sel.X, use):
                // A field is fine to read or write; a method may reset the value.
                return pass.Info.Uses.GetValueOrDefault(sel.Sel) is Var { IsField: true } ? PoolUse.Read : PoolUse.Unknown;
            case CallExpr c when c.Args.Contains(use) && IsPoolMethod(pass, c, "Put"):
                return PoolUse.Read;
            case BinaryExpr { Op: Token.Eql or Token.Neq }:
                return PoolUse.Read;
            default:
                return PoolUse.Unknown;
        }
    }

    private static HashSet<GoObject> Parameters(Pass pass, FuncDecl d)
    {
        var set = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        if (pass.Info.ObjectOf(d.Name) is Func { Signature: { } sig })
            foreach (var p in sig.Params.Vars) set.Add(p);
        return set;
    }

    private static bool MentionsAny(Pass pass, Expr e, HashSet<GoObject> vars)
    {
        return Walker.Any(e, n => n is Ident id && pass.Info.ObjectOf(id) is { } o && vars.Contains(o), intoLiterals: false);
    }

    /// <summary>Fields that keep other memory alive: pointers, slices, maps, interfaces, funcs, channels.</summary>
    private static bool References(GoType t) => t.Underlying is PointerType or SliceType or Semantics.Types.MapType or Semantics.Types.InterfaceType or SignatureType or Semantics.Types.ChanType;

    private static bool IsZero(Pass pass, Expr e) => Expr.Unparen(e) switch
    {
        Ident id => pass.Info.ObjectOf(id) is Nil,
        SliceExpr { High: BasicLit { Value: "0" } } => true,
        CompositeLit { Elts.Count: 0 } => true,
        _ => false,
    };

    private static string Render(Expr e) => Expr.Unparen(e) switch
    {
        Ident id => id.Name,
        SelectorExpr sel => Render(sel.X) + "." + sel.Sel.Name,
        _ => "the value",
    };

    private static string TypeName(Pass pass, Expr e) =>
        pass.Info.TypeOf(e) is PointerType { Elem: NamedType n } ? n.Obj.Name : "T";
}
