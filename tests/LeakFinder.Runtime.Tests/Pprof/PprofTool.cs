using LeakFinder.Runtime.Pprof;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Pprof;

/// <summary>Runs `go tool pprof -top` and LeakFinder's top report on the same input, for side-by-side comparison.</summary>
internal static class PprofTool
{
    /// <summary>pprof's report from "Type:" on, without the lines that depend on the clock (Time:, Duration:).</summary>
    public static string[] Top(string go, string flags, string profile, string? baseProfile = null)
    {
        var args = $"tool pprof -top -nodecount=20 -nodefraction=0 -edgefraction=0 {flags} " +
                   (baseProfile != null ? $"-base {baseProfile} " : "") + profile;
        var output = GoToolchain.Run(go, args);
        var lines = output.Split('\n').SkipWhile(l => !l.StartsWith("Type:"));
        return lines.Where(l => l != "" && !l.StartsWith("Time:") && !l.StartsWith("Duration:")).ToArray();
    }

    /// <summary>LeakFinder's text report with the options those pprof flags mean.</summary>
    public static string[] Ours(string flags, string profile, string? baseProfile = null)
    {
        var options = new TopOptions
        {
            NodeCount = 20,
            CumSort = flags.Contains("-cum"),
            Granularity = flags.Contains("-lines") ? Granularity.Lines : Granularity.Functions,
            SampleIndex = flags.Split(' ').FirstOrDefault(f => f.StartsWith("-sample_index="))?["-sample_index=".Length..],
            Unit = flags.Split(' ').FirstOrDefault(f => f.StartsWith("-unit="))?["-unit=".Length..] ?? "minimum",
        };
        var current = PprofReader.Load(profile);
        var report = baseProfile != null
            ? TopReport.Build(ProfileAnalysis.Subtract(current, PprofReader.Load(baseProfile)), options)
            : ProfileAnalysis.Top(current, options);
        var text = new StringWriter();
        TopReportText.Write(text, report);
        return text.ToString().Split('\n').Where(l => l != "").ToArray();
    }

    public static void AssertSame(string go, string flags, string profile, string? baseProfile = null)
    {
        var expected = Top(go, flags, profile, baseProfile);
        var actual = Ours(flags, profile, baseProfile);
        Assert.True(expected.Length > 3, $"pprof printed no rows for {flags} {profile}");
        Assert.Equal(string.Join('\n', expected), string.Join('\n', actual));
    }
}
