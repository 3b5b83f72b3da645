using LeakFinder.Runtime.Goroutines;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>Line kinds of runtime/traceback.go that the captures do not all show, one small dump each.</summary>
public class TracebackLineKindTests
{
    [Fact]
    public void RuntimeStackOfAFatalErrorIsSkippedAndTheGoroutinesAfterItAreRead()
    {
        const string text = """
            runtime: goroutine stack exceeds 1000000000-byte limit
            runtime: sp=0xc020160398 stack=[0xc020160000, 0xc040160000]
            fatal error: stack overflow

            runtime stack:
            runtime.throw({0x4a8c7b?, 0x5b0e00?})
            	/usr/local/go/src/runtime/panic.go:1047 +0x5d fp=0x7ffd1b4c1f18 sp=0x7ffd1b4c1ee8 pc=0x4326dd
            runtime.newstack()
            	/usr/local/go/src/runtime/stack.go:1103 +0x5cc fp=0x7ffd1b4c20c8 sp=0x7ffd1b4c1f18 pc=0x44a5ec
            runtime.morestack()
            	/usr/local/go/src/runtime/asm_amd64.s:570 +0x8b fp=0x7ffd1b4c20d0 sp=0x7ffd1b4c20c8 pc=0x45d8ab

            goroutine 1 [running]:
            main.recurse(0x0?)
            	/src/main.go:6 +0x3a fp=0xc0201603a8 sp=0xc0201603a0 pc=0x47e2fa
            main.recurse(0x0?)
            	/src/main.go:7 +0x1d fp=0xc0201603c8 sp=0xc0201603a8 pc=0x47e2dd
            ...additional frames elided...
            created by main.main
            	/src/main.go:12 +0x25

            """;
        var dump = ParsedDump.Parse(text);
        Assert.Empty(dump.Warnings.Items);
        Assert.Equal("stack overflow", dump.Info.FatalError);
        var g = Assert.Single(dump.Goroutines);
        Assert.Equal(["main.recurse", "main.recurse"], g.Stack.Select(c => c.Function));
        Assert.Equal(Goroutine.UnknownElidedCount, g.ElidedFrames);
        Assert.Equal("main.main", g.CreatedBy!.Function);
    }

    [Fact]
    public void AGoroutineRunningOnAnotherThreadHasNoStackButKeepsItsCreator()
    {
        const string text = "goroutine 1 [running]:\nmain.main()\n\t/src/main.go:9 +0x1\n\ngoroutine 6 [running]:\n\tgoroutine running on other thread; stack unavailable\ncreated by main.main in goroutine 1\n\t/src/main.go:5 +0x2\n";
        var dump = ParsedDump.Parse(text);
        Assert.Empty(dump.Warnings.Items);
        var other = dump.Goroutines[1];
        Assert.Empty(other.Stack);
        Assert.Equal("main.main", other.CreatedBy!.Function);
        Assert.Equal(1, other.CreatorId);
    }

    [Fact]
    public void ScanFlagIsStrippedFromTheStateAndWindowsLineEndsAreAccepted()
    {
        var dump = ParsedDump.Parse("goroutine 3 [chan receive (scan), 7 minutes]:\r\nmain.w()\r\n\t/src/w.go:3 +0x1\r\n\r\n");
        Assert.Empty(dump.Warnings.Items);
        var g = Assert.Single(dump.Goroutines);
        Assert.Equal("chan receive", g.State);
        Assert.Equal(7, g.WaitMinutes);
        Assert.Equal("/src/w.go", g.Stack[0].File);
    }

    [Theory]
    [InlineData("main.(*T).Method(0x1, {0x2, 0x3}, ...)", "main.(*T).Method", "0x1, {0x2, 0x3}, ...")]
    [InlineData("main.Map[...](...)", "main.Map[...]", "...")]
    [InlineData("github.com/a/b%2ev2.(*Client).Do.func1()", "github.com/a/b%2ev2.(*Client).Do.func1", "")]
    [InlineData("panic({0x4c2b60?, 0x5aa0b0?})", "panic", "{0x4c2b60?, 0x5aa0b0?}")]
    public void CallLinesSplitIntoFunctionAndArguments(string line, string function, string args)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line);
        Assert.True(GoroutineDumpParser.TrySplitCall(bytes, out var f, out var a));
        Assert.Equal(function, System.Text.Encoding.UTF8.GetString(f));
        Assert.Equal(args, System.Text.Encoding.UTF8.GetString(a));
    }

    [Theory]
    [InlineData("/src/main.go:42 +0x1f", "/src/main.go", 42, 0x1f)]
    [InlineData("/src/main.go:42", "/src/main.go", 42, -1)]
    [InlineData("/usr/local/go/src/runtime/proc.go:398 +0xce fp=0xc00004cfa8 sp=0xc00004cf88 pc=0x43d1ee", "/usr/local/go/src/runtime/proc.go", 398, 0xce)]
    [InlineData("C:/Users/dev/app/main.go:7 +0x25", "C:/Users/dev/app/main.go", 7, 0x25)]
    [InlineData("/home/Jane Doe/app/main.go:3 +0x1", "/home/Jane Doe/app/main.go", 3, 1)]
    public void Location_lines_give_file_line_and_offset(string text, string file, int line, long offset)
    {
        Assert.True(GoroutineDumpParser.TryParseLocation(System.Text.Encoding.UTF8.GetBytes(text), out var f, out var l, out var o));
        Assert.Equal(file, System.Text.Encoding.UTF8.GetString(f));
        Assert.Equal(line, l);
        Assert.Equal(offset, o);
    }

    [Theory]
    [InlineData("chan receive", WaitKind.ChanReceive)]
    [InlineData("chan send (durable)", WaitKind.ChanSend)]
    [InlineData("select (leaked)", WaitKind.Select)]
    [InlineData("sync.RWMutex.Lock", WaitKind.Mutex)]
    [InlineData("GC worker (idle)", WaitKind.RuntimeInternal)]
    [InlineData("some future reason", WaitKind.Other)]
    public void StatesOfEveryVersionClassify(string state, WaitKind expected)
    {
        Assert.Equal(expected, WaitKinds.Classify(state, []));
    }

    [Fact]
    public void SemacquireAndAggregatedStacksAreRefinedFromTheirFrames()
    {
        Assert.Equal(WaitKind.WaitGroup, WaitKinds.Classify("semacquire", ["sync.runtime_Semacquire", "sync.(*WaitGroup).Wait", "main.f"]));
        Assert.Equal(WaitKind.Mutex, WaitKinds.Classify("semacquire", ["sync.runtime_SemacquireMutex", "sync.(*Mutex).lockSlow", "main.f"]));
        Assert.Equal(WaitKind.IOWait, WaitKinds.Classify("", ["internal/poll.runtime_pollWait", "internal/poll.(*pollDesc).wait", "main.f"]));
        Assert.Equal(WaitKind.Unknown, WaitKinds.Classify("", ["main.f", "sync.(*Mutex).Lock"]));
    }
}
