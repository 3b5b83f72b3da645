using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// The control-flow graph of each function body of a package, built on first request (most rules look at
/// few bodies) with calls that never return cutting it (<see cref="NoReturnCalls.MayReturn"/>), and shared
/// by every rule and analysis.
/// </summary>
public sealed class FunctionCfgs(TypeInfo info)
{
    public static readonly PackageAnalysis<FunctionCfgs> Analysis =
        new("function-cfgs", "each function body's control-flow graph", pass => new FunctionCfgs(pass.Info));

    private readonly Dictionary<Node, ControlFlowGraph> _cfgs = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    public ControlFlowGraph Of(FunctionBody fn)
    {
        lock (_gate)
        {
            if (!_cfgs.TryGetValue(fn.Function, out var g))
                _cfgs[fn.Function] = g = CfgBuilder.Build(fn.Body, call => NoReturnCalls.MayReturn(info, call), fn.EnclosingLabels, fn.FileHasLabels);
            return g;
        }
    }
}
