using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Functions that start a function argument as a goroutine of their own: the package's errgroup-like helpers
/// (`func (g *group) Go(f func() error) { g.wg.Add(1); go func() { defer g.wg.Done(); f() }() }`, or `go f()`), and
/// errgroup's and WaitGroup's Go. A literal handed to one runs as a goroutine, as `go func() {..}()` does, so a rule
/// judging goroutine literals (workers, feeders) sees through the helper.
/// </summary>
internal sealed class GoroutineStarters
{
    private readonly TypeInfo _info;
    private readonly Dictionary<Func, HashSet<int>> _started = new(ReferenceEqualityComparer.Instance);

    public GoroutineStarters(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        _info = info;
        foreach (var fn in functions)
        {
            if (fn.Function is not FuncDecl { Body: { } body } fd || info.Defs.GetValueOrDefault(fd.Name) is not Func f) continue;
            var index = new Dictionary<Var, int>(ReferenceEqualityComparer.Instance);
            LockFlow.IndexParameters(info, fd.Type, index);
            if (!index.Keys.Any(v => v.Type.Underlying is SignatureType)) continue;
            HashSet<int>? started = null;
            void Add(Expr callee)
            {
                if (Expr.Unparen(callee) is Ident id && info.ObjectOf(id) is Var pv && index.TryGetValue(pv, out var at)) (started ??= []).Add(at);
            }
            Walker.Inspect(body, n =>
            {
                switch (n)
                {
                    case GoStmt { Call.Fun: FuncLit lit }:
                        // The parameter called in the goroutine's own statements (not in literals inside it).
                        Walker.Inspect(lit.Body, m =>
                        {
                            if (m is FuncLit) return false;
                            if (m is CallExpr c) Add(c.Fun);
                            return true;
                        });
                        return false;
                    case GoStmt go:
                        Add(go.Call.Fun);
                        return false;
                    case FuncLit:
                        return false;
                }
                return true;
            });
            if (started != null) _started[f] = started;
        }
    }

    /// <summary>Whether the call starts its argument lit as a goroutine.</summary>
    public bool Starts(CallExpr call, FuncLit lit)
    {
        if (Calls.Callee(_info, call) is not { } callee) return false;
        for (var i = 0; i < call.Args.Count; i++)
        {
            if (!ReferenceEquals(Expr.Unparen(call.Args[i]), lit)) continue;
            if (_started.TryGetValue(callee, out var started)) return started.Contains(i);
            return i == 0 && callee.Name == "Go" && callee.FullName is "(*golang.org/x/sync/errgroup.Group).Go" or "(*sync.WaitGroup).Go";
        }
        return false;
    }

    /// <summary>Whether lit runs as a goroutine: `go func() {..}()`, or handed to a call that starts it.</summary>
    public bool StartedAt(Node parent, Node grandparent, FuncLit lit) =>
        parent is CallExpr call && (ReferenceEquals(call.Fun, lit) && grandparent is GoStmt || Starts(call, lit));
}
