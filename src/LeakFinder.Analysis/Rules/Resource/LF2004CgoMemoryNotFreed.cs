using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Resource;

/// <summary>
/// LF2004: C memory from C.CString, C.CBytes, C.malloc or C.calloc not passed to C.free on some path (or a
/// module function returning such memory). Works from source alone: import "C" is modelled by the checker
/// (Semantics.Types.Cgo), no C compiler is run. Docs: docs/rules/LF2004.md.
/// </summary>
public sealed class LF2004CgoMemoryNotFreed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF2004", "cgo-memory-not-freed", RuleCategory.ResourceLeak, Severity.Error,
        "Memory from C.CString, C.CBytes or C.malloc never freed")
    {
        Since = "0.4",
        Summary = "`C.CString`/`C.CBytes`/`C.malloc` without `C.free` on every path",
    };

    private static readonly IReadOnlyList<ResourceKind> Kinds = [ResourceKinds.CgoMemory];

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, Kinds);
}
