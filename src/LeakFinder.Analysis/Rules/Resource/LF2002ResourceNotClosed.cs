using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Resource;

/// <summary>
/// LF2002: a file, network connection or listener, sql.Rows, sql.Stmt, sql.Conn, os/exec pipe not closed, or
/// an sql.Tx neither committed nor rolled back, on some path. Docs: docs/rules/LF2002.md.
/// </summary>
public sealed class LF2002ResourceNotClosed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF2002", "resource-not-closed", RuleCategory.ResourceLeak, Severity.Error,
        "File, connection, rows, transaction or pipe not released")
    {
        Since = "0.1",
        Summary = "files, conns, listeners, sql rows/tx, exec pipes not closed on every path",
    };

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, ResourceKinds.Closers);
}
