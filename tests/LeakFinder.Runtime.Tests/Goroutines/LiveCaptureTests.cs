using System.Diagnostics;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>
/// Builds testdata/dumps/dumpgen with the installed Go and parses what it prints right now, so the parser
/// is checked against the toolchain of the machine, not only against the committed captures.
/// </summary>
public class LiveCaptureTests
{
    private static readonly Lazy<string> Binary = new(Build);

    private static string Build()
    {
        var go = GoToolchain.Require();
        var dir = Directory.CreateTempSubdirectory("leakfinder-dumpgen-").FullName;
        var exe = Path.Combine(dir, "dumpgen");
        GoToolchain.Run(go, $"build -o {exe} .", Path.Combine(DumpFixtures.Dir, "dumpgen"), Env(dir));
        return exe;
    }

    private static Dictionary<string, string> Env(string dir) => new()
    {
        ["GOCACHE"] = Path.Combine(dir, "cache"),
        ["GOPATH"] = Path.Combine(dir, "gopath"),
        ["GO111MODULE"] = "off",
        ["CGO_ENABLED"] = "0", // with cgo the runtime's deadlock check never fires
    };

    private static string Exe()
    {
        GoToolchain.Require();
        return Binary.Value;
    }

    private static (string Stdout, string Stderr, int Exit) Run(string mode, string? gotraceback = null, bool sigquit = false)
    {
        var psi = new ProcessStartInfo(Exe(), mode) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (gotraceback != null) psi.Environment["GOTRACEBACK"] = gotraceback;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        if (sigquit)
        {
            Assert.Equal("ready", p.StandardOutput.ReadLine());
            using var kill = Process.Start("kill", $"-QUIT {p.Id}");
            kill.WaitForExit();
        }
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(30_000)) { p.Kill(); Assert.Fail("dumpgen did not exit"); }
        return (stdout, stderr.Result, p.ExitCode);
    }

    [Fact]
    public void LiveDebug2DumpParsesAndRanksTheLeakFirst()
    {
        var (stdout, _, exit) = Run("debug2");
        Assert.Equal(0, exit);
        DumpgenExpectations.AssertTraceback(ParsedDump.Parse(stdout, "debug2"));
        Assert.Equal("main.leakySend", DumpAnalyzer.AnalyzeText(stdout).Suspects[0].Suspect.Site!.Function);
    }

    [Fact]
    public void LiveSigquitDumpParses()
    {
        var (_, stderr, exit) = Run("sigquit", sigquit: true);
        Assert.Equal(2, exit);
        var dump = ParsedDump.Parse(stderr, "sigquit");
        Assert.Equal("SIGQUIT: quit", dump.Info.Signal);
        DumpgenExpectations.AssertTraceback(dump with { Goroutines = dump.Goroutines.Where(g => g.Id != 0).ToList() });
    }

    [Fact]
    public void LivePanicAndDeadlockDumpsParse()
    {
        var panic = Run("panic", "system");
        Assert.Equal(2, panic.Exit);
        var dump = ParsedDump.Parse(panic.Stderr, "panic");
        Assert.Equal("dumpgen: boom", dump.Info.Panic);
        DumpgenExpectations.AssertTraceback(dump);

        var deadlock = Run("deadlock");
        Assert.Equal(2, deadlock.Exit);
        dump = ParsedDump.Parse(deadlock.Stderr, "deadlock");
        Assert.Equal("all goroutines are asleep - deadlock!", dump.Info.FatalError);
        DumpgenExpectations.AssertTraceback(dump, withServer: false);
    }

    [Fact]
    public void LiveDebug1ProfileParsesAndTotalsMatch()
    {
        var (stdout, _, _) = Run("debug1");
        var dump = ParsedDump.Parse(stdout, "debug1");
        Assert.Empty(dump.Warnings.Items);
        Assert.Equal(dump.Info.DeclaredTotal, dump.Goroutines.Sum(g => g.Count));
        Assert.Equal(DumpgenExpectations.Leaks, dump.Goroutines.Single(g => g.Stack.Count > 0 && g.Stack[0].Function == "main.leakySend").Count);
    }

    [Fact]
    public void LiveHealthyProgramHasNoSuspect()
    {
        var (stdout, _, _) = Run("healthy");
        Assert.Empty(DumpAnalyzer.AnalyzeText(stdout).Suspects);
    }
}
