namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// body-not-closed: response bodies never closed, ~50 connections a second, each leaving a client
/// persistConn (readLoop and writeLoop goroutines), a server connection goroutine and two ESTABLISHED
/// loopback sockets.
/// Shows in: goroutine dumps and their growth, as net/http's persistConn readLoop/writeLoop (created by
/// net/http's dialConn: the LEAK line is on no stack of the dump, so the suspect is the standard library
/// site that names the pattern; the idle server connections are benign by design); /proc (socket fds and
/// ESTABLISHED connections growing). Not asserted: the heap diff (bufio buffers under dialConn, again no
/// user frame) and gctrace.
/// </summary>
public sealed class BodyNotClosedTests
{
    private const string Name = "body-not-closed";

    private static bool IsPersistConnLoop(string function) =>
        function is "net/http.(*persistConn).readLoop" or "net/http.(*persistConn).writeLoop";

    [Theory]
    [MemberData(nameof(DumpSources.All), MemberType = typeof(DumpSources))]
    public async Task TheTopDumpSuspectIsAPersistConnLoop(DumpSource source)
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIsFunction(Evidence.Dump(evidence.Dump(source)), IsPersistConnLoop, "net/http.(*persistConn).readLoop or writeLoop", evidence.Dump(source));
    }

    [Theory]
    [MemberData(nameof(DumpSources.GrowthPairs), MemberType = typeof(DumpSources))]
    public async Task TheTopGrowingSiteBetweenTwoDumpsIsAPersistConnLoop(DumpSource older, DumpSource newer)
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIsFunction(Evidence.DumpGrowth(evidence.Dump(older), evidence.Dump(newer)), IsPersistConnLoop,
            "net/http.(*persistConn).readLoop or writeLoop", evidence.Dump(newer));
    }

    [Fact]
    public async Task TheTopProcSuspectIsTheGrowingSockets()
    {
        var evidence = await Evidence.Of(Name);
        SuspectAssert.TopIs(Evidence.ProcGrowth(evidence), s => s.Kind is "socket-leak" or "connection-leak" or "close-wait",
            "socket or connection growth", evidence.Proc(Moment.Late));
    }
}
