using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// One exit-code policy for every command (README, `--help`): 0 clean, 1 findings or suspects, 2 bad usage
/// or unreadable input, 3 internal error, which prints one line and never a stack trace unless --debug.
/// </summary>
public class ExitCodeTests
{
    [Theory]
    [InlineData("check", "--no-such-flag", null)]
    [InlineData("check", "--tets", "--tests")]
    [InlineData("dump", "--frmat", "--format")]
    [InlineData("profile", "--bse", "--base")]
    [InlineData("gctrace", "--fromat", "--format")]
    [InlineData("proc", "--befor", "--before")]
    public void AnUnknownFlagIsBadUsageWithTheNearestFlagSuggested(string command, string flag, string? nearest)
    {
        var run = LeakFinderExe.Run(command, flag, "x");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"unknown flag {flag} for 'leakfinder {command}'", run.Stderr);
        if (nearest != null) Assert.Contains($"(did you mean {nearest}?)", run.Stderr);
        // `check --no-such-flag` must not have been taken as a package pattern and checked.
        Assert.DoesNotContain("cannot find", run.Stdout + run.Stderr);
    }

    [Fact]
    public void DashAndNegativeNumbersAreNotFlags()
    {
        var stdin = LeakFinderExe.Run(["dump", "-"], workDir: null, stdin: "goroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n");
        Assert.True(stdin.ExitCode == 0, stdin.ToString());
        var negative = LeakFinderExe.Run(["dump", "--top", "-1", "-"], workDir: null, stdin: "goroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n");
        Assert.True(negative.ExitCode == 0, negative.ToString());
    }

    [Fact]
    public void AnInternalErrorIsExit3WithOneLineAndTheTraceOnlyUnderDebug()
    {
        var run = LeakFinderExe.Run("debug", "crash");
        Assert.True(run.ExitCode == 3, run.ToString());
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("leakfinder debug crash: internal error: InvalidOperationException: ", line);
        Assert.EndsWith("please report it (run with --debug for the trace)", line);

        var traced = LeakFinderExe.Run("debug", "crash", "--debug");
        Assert.True(traced.ExitCode == 3, traced.ToString());
        Assert.Contains("   at ", traced.Stderr);
    }

    [Fact]
    public void HelpStatesThePolicyForEveryCommand()
    {
        foreach (var command in new[] { "check", "dump", "profile", "gctrace", "proc", "watch" })
        {
            var help = LeakFinderExe.Run(command, "--help");
            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.Contains("Exit codes: 0 clean, 1 findings or leak suspects, 2 bad usage or unreadable input, 3 internal error.", help.Stdout);
        }
    }

    public static TheoryData<string, string> MalformedGo() => new()
    {
        // Issue #14: ArgumentOutOfRange from a suppression comment's end, IndexOutOfRange while unquoting.
        { "comment with invalid UTF-8 at EOF", "package l)//\xff" },
        { "rune literal cut after its backslash", "package p\nvar x = '\\'\n" },
        { "string literal cut after its backslash", "package p\nvar x = \"\\\"\n" },
        { "short hex escape", "package p\nvar x = '\\x'\n" },
        { "short unicode escape", "package p\nvar x = \"\\u12\"\n" },
        { "short octal escape", "package p\nvar x = \"\\1\"\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedGo))]
    public void CheckReportsMalformedSourceAsInputErrorsNotCrashes(string what, string source)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("go.mod"), "module m\n\ngo 1.21\n");
        // \xff in the C# literal stands for the single byte 0xff, invalid UTF-8.
        File.WriteAllBytes(dir.Combine("a.go"), source.Select(c => (byte)c).ToArray());
        var run = LeakFinderExe.RunIn(dir.Path, "check", "./...");
        Assert.True(run.ExitCode == 2, what + ": " + run);
        Assert.Contains("a.go:", run.Stdout + run.Stderr);
        Assert.DoesNotContain("internal error", run.Stderr);
    }
}
