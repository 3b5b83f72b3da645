namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// worker-no-exit: workers parked in [select] at the LEAK line (the select statement), ~200 a second.
/// Shows in: every goroutine dump (debug=1, debug=2, SIGQUIT) and the growth between the early and late
/// dumps. Not asserted: the heap diff, gctrace and /proc (as for blocked-send).
/// </summary>
public sealed class WorkerNoExitTests
{
    private const string Name = "worker-no-exit";
}
