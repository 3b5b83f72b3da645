using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Resource;

/// <summary>LF2005: a syscall.Mmap or unix.Mmap mapping not passed to Munmap on some path. Docs: docs/rules/LF2005.md.</summary>
public sealed class LF2005MmapNotUnmapped : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF2005", "mmap-not-unmapped", RuleCategory.ResourceLeak, Severity.Error,
        "Memory mapping never unmapped")
    {
        Since = "0.4",
        Summary = "`syscall.Mmap`/`unix.Mmap` without `Munmap` on every path",
    };

    private static readonly IReadOnlyList<ResourceKind> Kinds = [ResourceKinds.Mmap];

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, Kinds);
}
