using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>The goroutine dump analyses (src/LeakFinder.Runtime/Goroutines).</summary>
public static partial class Evidence
{
    /// <summary>`leakfinder dump FILE`: the sites where goroutines are stuck, ranked.</summary>
    public static IReadOnlyList<LeakSuspect> Dump(string file) =>
        DumpAnalyzer.AnalyzeFile(file).Suspects.Select(s => s.Suspect).ToList();

    /// <summary>`leakfinder dump --diff OLD NEW`: the stuck sites whose goroutines grew, ranked.</summary>
    public static IReadOnlyList<LeakSuspect> DumpGrowth(string older, string newer) =>
        DumpDiff.Compare(DumpAnalyzer.AnalyzeFile(older), DumpAnalyzer.AnalyzeFile(newer)).Suspects.Select(s => s.Suspect).ToList();
}
