using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Pprof;

namespace LeakFinder.Runtime.Watch;

/// <summary>
/// A trip's evidence against its baseline as text, the report `dump --diff BASE TRIP` or
/// `profile --base BASE TRIP` prints for the same two captures (the dashboard's "diff" links).
/// </summary>
public static class EvidenceDiff
{
    public static string Render(EvidenceEntry baseline, byte[] baseContent, EvidenceEntry trip, byte[] tripContent, PollLimits limits)
    {
        var w = new StringWriter();
        var baseName = $"{baseline.Kind} #{baseline.Id} ({baseline.At:u})";
        var tripName = $"{trip.Kind} #{trip.Id} ({trip.At:u})";
        if (trip.Kind.StartsWith("goroutine-", StringComparison.Ordinal))
        {
            var diff = DumpDiff.Compare(TargetReader.AnalyzeDump(baseContent, baseName, limits), TargetReader.AnalyzeDump(tripContent, tripName, limits));
            DumpTextReport.WriteDiff(w, diff, top: 20);
        }
        else
        {
            var diff = ProfileAnalysis.Diff(ProfileAnalysis.Read(new MemoryStream(baseContent), baseName, limits.MaxBytes), ProfileAnalysis.Read(new MemoryStream(tripContent), tripName, limits.MaxBytes));
            TopReportText.Write(w, TopReport.Build(diff.Growth, new TopOptions()), $"Growth from {baseName} to {tripName}");
            SuspectText.Write(w, diff.Suspects);
        }
        return w.ToString();
    }
}
