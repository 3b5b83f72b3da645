using System.Runtime.CompilerServices;
using System.Text;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Correlated conditions: `if ok { f = open() } ... if ok { f.Close() }` tests one unchanged value twice, so a
/// path through the first branch's true side cannot take the second's false side. A path search carries what
/// it has learned (condition → value) and follows only the consistent side of a condition it has seen, until
/// a variable of the condition is assigned. Conditions are keyed by their text over local variables that are
/// never address-taken nor assigned inside a function literal (nothing else can change them behind the path's
/// back) and constants: `ok`, `!ok`, `f != nil`, `n == 10`, `mode == modeRead`. Anything else is not tracked,
/// which only keeps more paths (a miss, never a false report).
/// </summary>
public sealed class BranchFacts
{
    private static readonly ConditionalWeakTable<ControlFlowGraph, BranchFacts> Cache = new();

    private readonly ControlFlowGraph _cfg;
    private readonly TypeInfo _info;
    /// <summary>Locals whose value only changes by an assignment the path sees: read while the conditions are parsed,
    /// then dropped (the facts live as long as their CFG, ~400 bytes a function for a set nothing reads again).</summary>
    private HashSet<Var>? _stable = new(ReferenceEqualityComparer.Instance);
    /// <summary>The tracked conditions, by the expression ending their block; read-only after construction. Made on the
    /// first one, as the entries below: most bodies have none.</summary>
    private Dictionary<Expr, Condition>? _conditions;
    /// <summary>Init statements of counted loops whose first test passes (`for i := 0; i < n; i++` with n a
    /// positive constant), with the loop's condition: after the init the path is in the body, not past the loop.</summary>
    private Dictionary<Node, Condition>? _entries;

    /// <summary>A condition as a key (its canonical text), the variables it reads, and which truth value of the
    /// key the condition as written means (false for `!ok`, `f != nil`).</summary>
    public sealed record Condition(string Key, Var[] Vars, bool Polarity);

    /// <summary>The facts a path holds: condition key → its value. Small and immutable, shared by paths.</summary>
    public sealed class State
    {
        public static readonly State Empty = new([]);
        private readonly (Condition Cond, bool Value)[] _facts;

        private State((Condition, bool)[] facts) => _facts = facts;

        public bool IsEmpty => _facts.Length == 0;

        public bool? ValueOf(string key)
        {
            foreach (var (c, v) in _facts)
                if (c.Key == key) return v;
            return null;
        }

        public State With(Condition c, bool value)
        {
            // A few facts are enough for the patterns seen; more would multiply the paths searched.
            if (_facts.Length >= 4) return this;
            return new State([.. _facts, (c, value)]);
        }

        public State Without(Var v)
        {
            if (!Array.Exists(_facts, f => Array.IndexOf(f.Cond.Vars, v) >= 0)) return this;
            return new State(Array.FindAll(_facts, f => Array.IndexOf(f.Cond.Vars, v) < 0));
        }

        private string? _signature;

        /// <summary>A key for the visited set: paths with different facts are searched separately.</summary>
        public string Signature => _signature ??= _facts.Length == 0 ? "" : string.Join(";", _facts.Select(f => f.Cond.Key + "=" + f.Value).Order(StringComparer.Ordinal));
    }

    private BranchFacts(ControlFlowGraph cfg, TypeInfo info)
    {
        _cfg = cfg;
        _info = info;
        var unstable = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        Walker.Inspect(cfg.Body, n =>
        {
            if (n == null) return false;
            switch (n)
            {
                // Locals and parameters; package-level variables may change in any call.
                case Ident id when info.ObjectOf(id) is Var { IsField: false } v && !ReferenceEquals(v.Pkg?.Scope.LookupLocal(v.Name), v):
                    _stable!.Add(v);
                    break;
                case UnaryExpr { Op: Token.And } u when Expr.Unparen(u.X) is Ident a && info.ObjectOf(a) is Var av:
                    unstable.Add(av);
                    break;
                case FuncLit lit:
                    // Anything a literal assigns may change when it runs, which a path does not see.
                    Walker.Inspect(lit.Body, m =>
                    {
                        if (m == null) return false;
                        foreach (var v in AssignedIn(m)) unstable.Add(v);
                        if (m is UnaryExpr { Op: Token.And } lu && Expr.Unparen(lu.X) is Ident la && info.ObjectOf(la) is Var lv) unstable.Add(lv);
                        return true;
                    });
                    return false;
            }
            return true;
        });
        _stable!.ExceptWith(unstable);
        // Only a condition tested twice can correlate two branches: track those and no other, so a body without
        // one costs its searches nothing. Parsed once here; the searches only look them up.
        var parsed = new List<(Expr Cond, Condition C)>();
        var tested = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var block in cfg.Blocks)
            if (block.Live && block.Succs.Count == 2 && block.Nodes.Count > 0 && block.Nodes[^1] is Expr cond && Parse(cond) is { } c)
            {
                parsed.Add((cond, c));
                tested[c.Key] = tested.GetValueOrDefault(c.Key) + 1;
            }
        foreach (var (cond, c) in parsed)
            if (tested[c.Key] > 1) (_conditions ??= new(ReferenceEqualityComparer.Instance))[cond] = c;
        Walker.Inspect(cfg.Body, n =>
        {
            if (n is ForStmt { Cond: { } cond } loop && CountedLoops.Of(loop, info) is { Entered: true } counted
                && _stable!.Contains(counted.Index) && Parse(cond) is { } c)
            {
                (_conditions ??= new(ReferenceEqualityComparer.Instance))[cond] = c;
                (_entries ??= new(ReferenceEqualityComparer.Instance))[counted.Init] = c;
            }
            return n != null;
        });
        _stable = null;
    }

    /// <summary>The condition a node makes true: the init of a counted loop that is entered at least once.</summary>
    public Condition? EntryOf(Node node) => _entries?.GetValueOrDefault(node);

    public static BranchFacts For(ControlFlowGraph cfg, TypeInfo info) => Cache.GetValue(cfg, g => new BranchFacts(g, info));

    /// <summary>The condition ending a two-way block, when it is tracked (tested elsewhere in the body too).</summary>
    public Condition? ConditionOf(Expr cond) => _conditions?.GetValueOrDefault(cond);

    /// <summary>The variables a CFG node assigns (so the facts about them end there).</summary>
    public IEnumerable<Var> AssignedIn(Node node)
    {
        switch (node)
        {
            case AssignStmt a:
                foreach (var l in a.Lhs)
                    if (Expr.Unparen(l) is Ident id && _info.ObjectOf(id) is Var v) yield return v;
                break;
            case IncDecStmt inc when Expr.Unparen(inc.X) is Ident id2 && _info.ObjectOf(id2) is Var v2:
                yield return v2;
                break;
            case RangeStmt r:
                if (r.Key is Ident k && _info.ObjectOf(k) is Var kv) yield return kv;
                if (r.Value is Ident val && _info.ObjectOf(val) is Var vv) yield return vv;
                break;
            case ValueSpec spec:
                foreach (var n in spec.Names)
                    if (_info.Defs.GetValueOrDefault(n) is Var sv) yield return sv;
                break;
            case DeclStmt { Decl: GenDecl g }:
                foreach (var s in g.Specs)
                    if (s is ValueSpec vs)
                        foreach (var n in vs.Names)
                            if (_info.Defs.GetValueOrDefault(n) is Var dv) yield return dv;
                break;
        }
    }

    /// <summary>
    /// What holds where a search starts (the acquire, the lock): the conditions of the `if` statements around
    /// it, true in their then-branch and false in their else-branch, when nothing between the `if` and the start
    /// assigns their variables.
    /// </summary>
    public State At(Node start)
    {
        var state = State.Empty;
        if (_conditions == null) return state;
        var path = new List<Node>();
        var found = false;
        Walker.Inspect(_cfg.Body, n =>
        {
            if (found) return false;
            if (n == null)
            {
                path.RemoveAt(path.Count - 1);
                return false;
            }
            if (n.Pos() > start.Pos() || n.End() < start.End()) return false;
            path.Add(n);
            if (ReferenceEquals(n, start)) found = true;
            return !found && n is not FuncLit;
        });
        if (!found) return state;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (path[i] is not IfStmt ifs || ConditionOf(ifs.Cond) is not { } c) continue;
            var inThen = ReferenceEquals(path[i + 1], ifs.Body);
            var inElse = ifs.Else != null && ReferenceEquals(path[i + 1], ifs.Else);
            if (!inThen && !inElse) continue;
            // Assigned between the condition and the start: the fact no longer holds there.
            var branch = (Node)path[i + 1];
            var reassigned = false;
            Walker.Inspect(branch, m =>
            {
                if (m == null || reassigned || m.Pos() >= start.Pos()) return false;
                foreach (var v in AssignedIn(m))
                    if (Array.IndexOf(c.Vars, v) >= 0) reassigned = true;
                return !reassigned;
            });
            if (!reassigned) state = state.With(c, inThen == c.Polarity);
        }
        return state;
    }

    private Condition? Parse(Expr cond)
    {
        var polarity = true;
        var e = Expr.Unparen(cond);
        while (e is UnaryExpr { Op: Token.Not } not)
        {
            polarity = !polarity;
            e = Expr.Unparen(not.X);
        }
        if (e is BinaryExpr { Op: Token.Neq } neq)
        {
            polarity = !polarity;
            e = new BinaryExpr { X = neq.X, Op = Token.Eql, OpPos = neq.OpPos, Y = neq.Y };
        }
        var vars = new List<Var>();
        var text = new StringBuilder();
        if (!Write(e, text, vars) || vars.Count == 0) return null;
        return new Condition(text.ToString(), vars.Distinct().ToArray(), polarity);
    }

    /// <summary>The canonical text of a simple condition over stable locals and constants; false when it is not one.</summary>
    private bool Write(Expr e, StringBuilder text, List<Var> vars)
    {
        switch (Expr.Unparen(e))
        {
            case Ident id:
                switch (_info.ObjectOf(id))
                {
                    case Var v when _stable!.Contains(v):
                        vars.Add(v);
                        text.Append(id.Name).Append('#').Append(v.Pos);
                        return true;
                    case Const or Nil:
                        text.Append(id.Name);
                        return true;
                    default:
                        return false;
                }
            case BasicLit lit:
                text.Append(lit.Value);
                return true;
            case SelectorExpr { X: Ident pkg } sel when _info.ObjectOf(pkg) is PkgName && _info.ObjectOf(sel.Sel) is Const:
                text.Append(pkg.Name).Append('.').Append(sel.Sel.Name);
                return true;
            case BinaryExpr { Op: Token.Eql or Token.Lss or Token.Gtr or Token.Leq or Token.Geq } b:
                text.Append('(');
                if (!Write(b.X, text, vars)) return false;
                text.Append(' ').Append(b.Op).Append(' ');
                if (!Write(b.Y, text, vars)) return false;
                text.Append(')');
                return true;
            default:
                return false;
        }
    }
}
