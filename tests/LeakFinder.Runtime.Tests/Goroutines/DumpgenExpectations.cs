using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>
/// What every traceback-form dump of dumpgen (testdata/dumps/dumpgen) must parse to, whether it is a
/// committed capture or captured live in the test: shared so both check the same facts.
/// </summary>
internal static class DumpgenExpectations
{
    public const int Leaks = 40;

    public static void AssertTraceback(ParsedDump dump, bool withServer = true, int leaks = Leaks)
    {
        Assert.Empty(dump.Warnings.Items);
        Assert.False(dump.Info.Truncated);
        Assert.All(dump.Goroutines, g => Assert.Equal(1, g.Count));
        Assert.Equal(dump.Goroutines.Count, dump.Goroutines.Select(g => g.Id).Distinct().Count());

        var senders = dump.AtMark("main.leakySend", "send").ToList();
        Assert.Equal(leaks, senders.Count);
        Assert.All(senders, g =>
        {
            Assert.Equal("chan send", g.State);
            Assert.NotNull(g.CreatedBy);
            Assert.Equal("main.startLeaks", g.CreatedBy!.Function);
            Assert.Equal(DumpFixtures.Mark("spawn"), g.CreatedBy.Line);
            Assert.Contains(g.Stack, c => c.Function == "main.startLeaks.func1" && c.Line == DumpFixtures.Mark("spawn"));
            Assert.True(g.Id > 1);
        });

        Assert.Equal(3, dump.AtMark("main.worker", "worker").Count(g => g.State == "chan receive"));
        Assert.Equal("semacquire", Single(dump, "main.(*store).update", "mutex").State);
        Assert.Equal("semacquire", Single(dump, "main.waitForever", "waitgroup").State);
        Assert.Equal("select", Single(dump, "main.selectForever", "select").State);
        Assert.Equal("chan receive (nil chan)", Single(dump, "main.nilReceive", "nilchan").State);
        var locked = Single(dump, "main.lockedReceive", "locked");
        Assert.True(locked.LockedToThread);
        Assert.Equal("chan receive", locked.State);

        var deep = Single(dump, "main.deep", "deep");
        // Go 1.19 prints at most 100 frames, so 150 recursive calls show as 90-100 of them.
        Assert.InRange(deep.Stack.Count(c => c.Function == "main.deep"), 90, 100);

        var main = dump.Goroutines.Single(g => g.Id == 1);
        Assert.Null(main.CreatedBy);
        Assert.Contains(main.Stack, c => c.Function == "main.main");

        if (withServer)
        {
            Assert.Contains(dump.Goroutines, g => g.Stack.Any(c => c.Function == "os/signal.signal_recv"));
            Assert.Contains(dump.Goroutines, g => g.State == "IO wait" && g.Stack.Any(c => c.Function == "net.(*TCPListener).Accept"));
            Assert.Contains(dump.Goroutines, g => g.Stack.Any(c => c.Function == "net/http.(*conn).serve"));
        }
    }

    public static Goroutine Single(ParsedDump dump, string function, string mark) => Assert.Single(dump.AtMark(function, mark));
}
