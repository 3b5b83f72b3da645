using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Pprof;

/// <summary>
/// Acceptance: LeakFinder's top-20 by flat and by cum, by function and by line, alone and with --base, are
/// `go tool pprof -top`'s reports character for character (same functions, same values at pprof's rounding,
/// same percentages and inline labels), and equal again with exact byte values (-unit=B).
/// </summary>
public class TopMatchesPprofTests
{
    private static string Fixture(string name) => RepoPaths.Combine("testdata", "profiles", name);

    public static TheoryData<string> Flags =>
    [
        "", "-cum", "-lines", "-lines -cum", "-unit=B", "-cum -unit=B",
        "-sample_index=inuse_objects", "-sample_index=alloc_space -cum", "-sample_index=alloc_objects -lines",
    ];

    [Theory]
    [MemberData(nameof(Flags))]
    public void HeapFixture(string flags)
    {
        var go = GoToolchain.Require();
        PprofTool.AssertSame(go, flags, Fixture("heap2.pb.gz"));
    }

    [Theory]
    [MemberData(nameof(Flags))]
    public void HeapFixtureWithBase(string flags)
    {
        var go = GoToolchain.Require();
        PprofTool.AssertSame(go, flags, Fixture("heap2.pb.gz"), Fixture("heap1.pb.gz"));
    }

    [Theory]
    [InlineData("goroutine.pb.gz", "")]
    [InlineData("goroutine.pb.gz", "-cum -lines")]
    [InlineData("allocs.pb.gz", "")]
    [InlineData("allocs.pb.gz", "-cum")]
    [InlineData("allocs.pb.gz", "-lines -sample_index=alloc_objects")]
    [InlineData("block.pb.gz", "")]
    [InlineData("block.pb.gz", "-sample_index=contentions -cum")]
    [InlineData("mutex.pb.gz", "")]
    [InlineData("mutex.pb.gz", "-lines -cum")]
    [InlineData("cpu.pb.gz", "")]
    [InlineData("cpu.pb.gz", "-cum")]
    [InlineData("cpu.pb.gz", "-lines")]
    [InlineData("cpu.pb.gz", "-sample_index=samples -cum")]
    public void OtherProfileKinds(string file, string flags)
    {
        var go = GoToolchain.Require();
        PprofTool.AssertSame(go, flags, Fixture(file));
    }

    /// <summary>Profiles of a fresh run of the leak program, written at two times by runtime/pprof.</summary>
    [Fact]
    public void FreshProfilesOfARealProgram()
    {
        var go = GoToolchain.Require();
        var dir = Directory.CreateTempSubdirectory("lf-pprof-").FullName;
        try
        {
            var exe = Path.Combine(dir, "leakyheap");
            GoToolchain.Run(go, $"build -o {exe} .", RepoPaths.Combine("testdata", "profiles", "leakyheap"),
                new Dictionary<string, string> { ["GO111MODULE"] = "off", ["GOCACHE"] = Path.Combine(Path.GetTempPath(), "lf-gocache") });
            GoToolchain.Run(exe, dir);
            string heap1 = Path.Combine(dir, "heap1.pb.gz"), heap2 = Path.Combine(dir, "heap2.pb.gz");
            foreach (var flags in new[] { "", "-cum", "-lines", "-lines -cum", "-unit=B" })
            {
                PprofTool.AssertSame(go, flags, heap2);
                PprofTool.AssertSame(go, flags, heap2, heap1);
            }
            PprofTool.AssertSame(go, "-cum", Path.Combine(dir, "goroutine.pb.gz"));
            PprofTool.AssertSame(go, "", Path.Combine(dir, "cpu.pb.gz"));
            PprofTool.AssertSame(go, "-lines", Path.Combine(dir, "mutex.pb.gz"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
