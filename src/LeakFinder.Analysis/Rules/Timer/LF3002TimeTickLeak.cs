using LeakFinder.Semantics.Checking;
using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Timer;

/// <summary>
/// LF3002: time.Tick outside main/init whose ticker can outlive its use (the loop reading it can end, or a
/// new ticker is made per iteration), in modules whose go.mod says go &lt; 1.23. Docs: docs/rules/LF3002.md.
/// </summary>
public sealed class LF3002TimeTickLeak : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF3002", "time-tick-leak", RuleCategory.TimerLeak, Severity.Warning,
        "time.Tick's ticker can never be stopped and outlives its use")
    {
        Since = "0.1",
        Summary = "`time.Tick` in a function that returns",
    };

    /// <summary>From Go 1.23 the garbage collector reclaims unreferenced tickers, stopped or not.</summary>
    public static readonly GoVersion CollectedSince = new(1, 23);

    public override void Run(Pass pass)
    {
        if (pass.GoVersion is not { } version || version >= CollectedSince) return;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is FuncDecl { Recv: null, Name.Name: "main" or "init" }) continue;
            var labels = LoopLabels(fn.Body);
            var users = new Dictionary<GoObject, List<Stmt?>>(ReferenceEqualityComparer.Instance);
            var ticks = new List<(CallExpr Call, Stmt? Loop, Var? Into, bool RangedOver)>();
            Loops.Walk(pass.Info.Nodes, fn.Body, NodeKinds.RangeStmt | NodeKinds.AssignStmt | NodeKinds.ValueSpec | NodeKinds.CallExpr | NodeKinds.UnaryExpr, (n, loop) =>
            {
                switch (n)
                {
                    case RangeStmt r when Expr.Unparen(r.X) is CallExpr rc && IsTick(pass, rc):
                        ticks.Add((rc, r, null, true));
                        break;
                    case AssignStmt { Rhs.Count: 1, Lhs.Count: 1 } a when Expr.Unparen(a.Rhs[0]) is CallExpr ac && IsTick(pass, ac):
                        ticks.Add((ac, loop, a.Lhs[0] is Ident id ? pass.Info.ObjectOf(id) as Var : null, false));
                        break;
                    case ValueSpec { Values.Count: 1, Names.Count: 1 } vs when Expr.Unparen(vs.Values[0]) is CallExpr vc && IsTick(pass, vc):
                        ticks.Add((vc, loop, pass.Info.ObjectOf(vs.Names[0]) as Var, false));
                        break;
                    case CallExpr c when IsTick(pass, c) && !ticks.Exists(t => ReferenceEquals(t.Call, c)):
                        ticks.Add((c, loop, null, false));
                        break;
                    case RangeStmt { X: Ident ranged } r2 when pass.Info.ObjectOf(ranged) is Var rv:
                        if (!users.TryGetValue(rv, out var rl)) users[rv] = rl = [];
                        rl.Add(r2);
                        break;
                    case UnaryExpr { Op: Syntax.Token.Arrow, X: Ident use } when pass.Info.ObjectOf(use) is Var v:
                        if (!users.TryGetValue(v, out var list)) users[v] = list = [];
                        list.Add(loop);
                        break;
                }
            });
            foreach (var t in ticks) Check(pass, fn.Name, t.Call, t.Loop, t.Into, t.RangedOver, users, labels, version);
        }
    }

    private static void Check(Pass pass, string fnName, CallExpr call, Stmt? loop, Var? into, bool rangedOver,
        Dictionary<GoObject, List<Stmt?>> users, Dictionary<Stmt, string> labels, GoVersion version)
    {
        string why;
        if (rangedOver)
        {
            if (Loops.IsEndless(loop!, labels.GetValueOrDefault(loop!))) return;
            why = "the loop ranging over it can end, and the ticker then fires for ever with nobody reading";
        }
        else if (into != null && loop == null)
        {
            // t := time.Tick(d) read only inside loops that never end: the ticker lives exactly as long as needed.
            if (users.TryGetValue(into, out var loops) && loops.TrueForAll(l => l != null && Loops.IsEndless(l, labels.GetValueOrDefault(l)))) return;
            why = $"{fnName} can stop reading {into.Name} and return, and the ticker then fires for ever";
        }
        else if (loop != null)
        {
            why = "it is called once per loop iteration, so every iteration starts another ticker that is never stopped";
        }
        else
        {
            why = $"{fnName} can return while the ticker fires for ever";
        }
        pass.Report(call, $"time.Tick's ticker can never be stopped and {why}; the module's go.mod says {version}, and before go1.23 an unstopped ticker is never garbage collected: use time.NewTicker and defer Stop()");
    }

    private static bool IsTick(Pass pass, CallExpr call) => Calls.Callee(pass.Info, call)?.FullName == "time.Tick";

    private static Dictionary<Stmt, string> LoopLabels(BlockStmt body)
    {
        var labels = new Dictionary<Stmt, string>(ReferenceEqualityComparer.Instance);
        Walker.Inspect(body, n =>
        {
            if (n is LabeledStmt { Stmt: ForStmt or RangeStmt } ls) labels[ls.Stmt] = ls.Label.Name;
            return n is not FuncLit;
        });
        return labels;
    }
}
