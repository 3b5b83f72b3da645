using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Resource;

/// <summary>
/// LF2006: a raw file descriptor (syscall.Open, syscall.Socket, InotifyInit, unix.EpollCreate1, unix.Eventfd...)
/// not passed to syscall.Close or unix.Close, nor handed to os.NewFile, on some path. Docs: docs/rules/LF2006.md.
/// </summary>
public sealed class LF2006FdNotClosed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF2006", "fd-not-closed", RuleCategory.ResourceLeak, Severity.Error,
        "Raw file descriptor never closed")
    {
        Since = "0.4",
        Summary = "raw fds from `syscall`/`unix` (Open, Socket, InotifyInit, EpollCreate1...) without `Close` on every path",
    };

    private static readonly IReadOnlyList<ResourceKind> Kinds = [ResourceKinds.Fd];

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, Kinds);
}
