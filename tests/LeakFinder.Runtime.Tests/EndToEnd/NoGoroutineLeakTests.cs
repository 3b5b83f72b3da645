namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// The programs whose leak is not a goroutine leak run a handful of goroutines: their dumps, and the
/// growth between them, must yield no suspect (a false goroutine suspect would hide the real leak).
/// </summary>
public sealed class NoGoroutineLeakTests
{
    public static TheoryData<string, DumpSource> ProgramDumps
    {
        get
        {
            var data = new TheoryData<string, DumpSource>();
            foreach (var program in Programs)
                foreach (var source in Enum.GetValues<DumpSource>())
                    data.Add(program, source);
            return data;
        }
    }

    public static TheoryData<string> ProgramNames => new(Programs);

    private static readonly string[] Programs =
    [
        "ticker-not-stopped", "time-after-loop", "global-map-cache", "subslice-retains-array",
        "cstring-not-freed", "mmap-not-unmapped", "inotify-not-closed", "healthy",
    ];

    [Theory]
    [MemberData(nameof(ProgramDumps))]
    public async Task NoGoroutineSuspectInTheDump(string name, DumpSource source)
    {
        var evidence = await Evidence.Of(name);
        SuspectAssert.None(Evidence.Dump(evidence.Dump(source)), evidence.Dump(source));
    }

    [Theory]
    [MemberData(nameof(ProgramNames))]
    public async Task NoGoroutineSiteGrowsBetweenTheDumps(string name)
    {
        var evidence = await Evidence.Of(name);
        foreach (var (older, newer) in new[] { (DumpSource.Debug1Early, DumpSource.Debug1Late), (DumpSource.Debug2Early, DumpSource.Debug2Late) })
            SuspectAssert.None(Evidence.DumpGrowth(evidence.Dump(older), evidence.Dump(newer)), evidence.Dump(newer));
    }
}
