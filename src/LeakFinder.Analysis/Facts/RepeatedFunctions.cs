using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Functions run over and over by a runner: `go wait.Forever(s.syncBatch, 0)`, `go wait.Until(func() { c.sync() },
/// period, stop)`, or a package function of the same kind (`func Forever(f func(), period time.Duration) { for {
/// f(); ... } }`, a parameter called inside a loop). A receive in such a function is a receive in a loop: the runner
/// takes one value per round, and whatever the function locks after it, it locks between receives.
/// </summary>
internal sealed class RepeatedFunctions
{
    public static readonly RepeatedFunctions None = new(new HashSet<Node>());

    /// <summary>The apimachinery wait package's loops, by name, and the index of the function they repeat.</summary>
    private static readonly Dictionary<string, int> WaitLoops = new(StringComparer.Ordinal)
    {
        ["Forever"] = 0, ["Until"] = 0, ["JitterUntil"] = 0, ["NonSlidingUntil"] = 0, ["BackoffUntil"] = 0,
        ["UntilWithContext"] = 1, ["JitterUntilWithContext"] = 1, ["NonSlidingUntilWithContext"] = 1,
    };

    private readonly HashSet<Node> _repeated;

    private RepeatedFunctions(HashSet<Node> repeated) => _repeated = repeated;

    public bool Contains(Node function) => _repeated.Contains(function);

    public static RepeatedFunctions Of(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var declared = new Dictionary<Func, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
            if (fn.Function is FuncDecl fd && info.Defs.GetValueOrDefault(fd.Name) is Func f) declared[f] = fd;
        // The package's runners: each func-typed parameter called inside a loop of the body.
        var runners = new Dictionary<Func, HashSet<int>>(ReferenceEqualityComparer.Instance);
        foreach (var (f, fd) in declared)
        {
            if (f.Signature is not { } sig || !sig.Params.Vars.Any(p => p.Type.Underlying is SignatureType)) continue;
            Loops.Walk(info.Nodes, fd.Body!, NodeKinds.CallExpr, (n, loop) =>
            {
                if (loop == null || n is not CallExpr { Fun: Ident callee } || info.ObjectOf(callee) is not Var v) return;
                var index = sig.Params.Vars.ToList().FindIndex(p => ReferenceEquals(p, v));
                if (index >= 0) (runners.TryGetValue(f, out var set) ? set : runners[f] = []).Add(index);
            });
        }
        var repeated = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
            info.Nodes.Inspect(fn.Body, NodeKinds.CallExpr, n =>
            {
                if (n is not CallExpr call || Calls.Callee(info, call) is not { } runner) return true;
                IEnumerable<int> indexes = runners.TryGetValue(runner, out var own) ? own
                    : runner.Pkg?.Path.EndsWith("/util/wait", StringComparison.Ordinal) == true && WaitLoops.TryGetValue(runner.Name, out var i) ? [i] : [];
                foreach (var index in indexes)
                    if (index < call.Args.Count && RepeatedBody(info, declared, call.Args[index]) is { } body) repeated.Add(body);
                return true;
            });
        return repeated.Count == 0 ? None : new RepeatedFunctions(repeated);
    }

    /// <summary>The function an argument runs: a literal, or a package function or method named by value.</summary>
    private static Node? RepeatedBody(TypeInfo info, Dictionary<Func, FuncDecl> declared, Expr arg) => Expr.Unparen(arg) switch
    {
        FuncLit lit => lit,
        Ident id when info.ObjectOf(id) is Func f => declared.GetValueOrDefault(f),
        SelectorExpr sel when info.Selections.TryGetValue(sel, out var s) && s.Kind == SelectionKind.MethodVal && s.Obj is Func m => declared.GetValueOrDefault(m.Declared),
        _ => null,
    };
}
