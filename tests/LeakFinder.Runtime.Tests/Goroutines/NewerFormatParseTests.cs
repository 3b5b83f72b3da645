using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>
/// Fixtures of testdata/dumps/handwritten, written from the traceback code of Go versions newer than the
/// installed 1.19 (see testdata/dumps/README.md for which code each models).
/// </summary>
public class NewerFormatParseTests
{
    [Fact]
    public void Go121CreatedByInGoroutineGivesTheCreatorIdAndGenericInlinedFrames()
    {
        var dump = DumpFixtures.Parse(DumpFixtures.HandwrittenPath("go1.21-sigquit-created-in-goroutine.txt"));
        Assert.Empty(dump.Warnings.Items);
        Assert.Equal("SIGQUIT: quit", dump.Info.Signal);
        Assert.Equal(43, dump.Goroutines.Count);

        var leaked = dump.Goroutines.Where(g => g.State == "chan send").ToList();
        Assert.Equal(36, leaked.Count);
        Assert.Equal(Enumerable.Range(21, 36).Select(i => (long)i), leaked.Select(g => g.Id));
        Assert.Equal(Enumerable.Range(3, 36), leaked.Select(g => g.WaitMinutes));
        Assert.Equal(Enumerable.Range(60, 36).Select(i => (long)i), leaked.Select(g => g.CreatorId));
        var first = leaked[0];
        Assert.Equal("main.handle", first.CreatedBy!.Function);
        Assert.Equal(31, first.CreatedBy.Line);
        Assert.Equal(0x125, first.CreatedBy.Offset);
        Assert.Equal(["runtime.gopark", "runtime.chansend", "runtime.chansend1", "main.fanOut[...]", "main.Process[...]", "main.handle.func1", "runtime.goexit"],
            first.Stack.Select(c => c.Function));
        Assert.Equal("{0xc0001b8000, 0x3, 0x4}, 0xc0001a6000, {0x79e1a0, 0xc0000a6e10}, ...", first.Stack[4].Args);
        Assert.Equal(-1, first.Stack[3].Offset);

        var runtimeWorker = dump.Goroutines.Single(g => g.Id == 2);
        Assert.Equal("force gc (idle)", runtimeWorker.State);
        Assert.Equal(42, runtimeWorker.WaitMinutes);
        Assert.Equal(1, runtimeWorker.CreatorId);
        Assert.True(dump.Goroutines.Single(g => g.Id == 19).LockedToThread);
        Assert.Equal(-1, dump.Goroutines.Single(g => g.Id == 1).CreatorId);
    }

    [Fact]
    public void Go121ElisionCountsTheElidedFramesAndKeepsInnerAndOuterFrames()
    {
        var dump = DumpFixtures.Parse(DumpFixtures.HandwrittenPath("go1.21-sigquit-created-in-goroutine.txt"));
        var walker = dump.Goroutines.Single(g => g.Id == 7);
        Assert.Equal(1800, walker.ElidedFrames);
        Assert.Equal(4 + 46 + 49 + 2, walker.Stack.Count);
        Assert.Equal("main.walk", walker.Stack[3].Function);
        Assert.Equal(12, walker.Stack[3].Line);
        Assert.Equal("main.startWalk", walker.Stack[^2].Function);
        Assert.Equal("main.main", walker.CreatedBy!.Function);
    }

    [Fact]
    public void Go123GpMHeadersAreReadWithRecoveredPanicAndSignalPreamble()
    {
        var dump = DumpFixtures.Parse(DumpFixtures.HandwrittenPath("go1.23-panic-traceback-system.txt"));
        Assert.Empty(dump.Warnings.Items);
        Assert.Equal("assignment to entry in nil map [recovered]", dump.Info.Panic);
        Assert.StartsWith("signal SIGSEGV: segmentation violation", dump.Info.Signal);
        Assert.Equal(5 + 34, dump.Goroutines.Count);
        var main = dump.Goroutines[0];
        Assert.Equal(1, main.Id);
        Assert.Equal("running", main.State);
        Assert.Equal(["panic", "main.(*Registry).Add", "main.main", "runtime.main", "runtime.goexit"], main.Stack.Select(c => c.Function));
        Assert.Equal("{}", main.Stack[^1].Args);
        var locked = dump.Goroutines.Single(g => g.Id == 5);
        Assert.True(locked.LockedToThread);
        Assert.Equal("chan receive", locked.State);
        var pollers = dump.Goroutines.Where(g => g.State == "select").ToList();
        Assert.Equal(34, pollers.Count);
        Assert.Equal(90, pollers.Min(g => g.WaitMinutes));
        Assert.Equal(123, pollers.Max(g => g.WaitMinutes));
        Assert.All(pollers, g => Assert.Equal(52, g.Stack.Single(c => c.Function == "main.(*Poller).run").Line));
    }

    [Fact]
    public void Go125SyncWaitReasonsAreStatesOfTheirOwn()
    {
        var dump = DumpFixtures.Parse(DumpFixtures.HandwrittenPath("go1.25-debug2-sync-wait-reasons.txt"));
        Assert.Empty(dump.Warnings.Items);
        Assert.False(dump.Info.Truncated);
        Assert.Equal(3 + 48 + 5, dump.Goroutines.Count);
        Assert.Equal(48, dump.Goroutines.Count(g => g.State == "sync.Mutex.Lock"));
        Assert.Equal(["sync.RWMutex.RLock", "sync.WaitGroup.Wait", "sync.Cond.Wait", "chan receive (nil chan)", "select (no cases)"],
            dump.Goroutines.Where(g => g.Id is >= 12 and <= 16).Select(g => g.State));
        var mutex = dump.Goroutines.First(g => g.State == "sync.Mutex.Lock");
        Assert.Equal("internal/sync.runtime_SemacquireMutex", mutex.Stack[0].Function);
        Assert.Equal("example.com/api/cache.(*Cache).Get", mutex.Stack[4].Function);
        Assert.Equal("net/http.(*Server).Serve", mutex.CreatedBy!.Function);
        Assert.Equal(1, mutex.CreatorId);
    }

    [Fact]
    public void Go125SynctestBubblesAndDurableStatesAreRead()
    {
        var dump = DumpFixtures.Parse(DumpFixtures.HandwrittenPath("go1.25-test-timeout-synctest.txt"));
        Assert.Empty(dump.Warnings.Items);
        Assert.Equal("test timed out after 10m0s", dump.Info.Panic);
        Assert.Equal([34L, 1, 6, 7, 8, 9], dump.Goroutines.Select(g => g.Id));
        var expiry = dump.Goroutines.Single(g => g.Id == 7);
        Assert.Equal("chan receive (durable)", expiry.State);
        Assert.Equal("synctest bubble 1", expiry.SynctestBubble);
        Assert.Equal(10, expiry.WaitMinutes);
        Assert.Equal(8, expiry.CreatorId);
        Assert.Null(dump.Goroutines.Single(g => g.Id == 6).SynctestBubble);
        Assert.Equal("_testmain.go", dump.Goroutines.Single(g => g.Id == 1).Stack[^1].File);
        // The FAIL lines after the last goroutine end it; they are not frames.
        Assert.Single(dump.Goroutines.Single(g => g.Id == 9).Stack);
    }
}
