using LeakFinder.Runtime.Output;
namespace LeakFinder.Runtime.Pprof;

/// <summary>Writes a <see cref="TopReport"/> as `go tool pprof -top` does: header lines, then flat, flat%, sum%, cum, cum%, name.</summary>
public static class TopReportText
{
    public static void Write(TextWriter w, TopReport report, string? title = null)
    {
        if (title != null) w.WriteLine(TerminalText.Escape(title));
        w.WriteLine($"Type: {report.SampleType.Type}");
        var flatSum = report.FlatSum;
        w.WriteLine($"Showing nodes accounting for {report.Format(flatSum)}, {Measurement.Percentage(flatSum, report.Total).Trim()} of {report.Format(report.Total)} total");
        if (report.Total != 0)
        {
            if (report.DroppedByFraction > 0)
                w.WriteLine($"Dropped {report.DroppedByFraction} {(report.DroppedByFraction == 1 ? "node" : "nodes")} (cum <= {report.Format(Math.Abs((long)(report.Total * report.Options.NodeFraction)))})");
            if (report.Rows.Count > 0 && report.Rows.Count < report.NodesBeforeCount)
                w.WriteLine($"Showing top {report.Rows.Count} nodes out of {report.NodesBeforeCount}");
        }
        w.WriteLine($"{"flat",10} {"flat",5}% {"sum",5}% {"cum",10} {"cum",5}%");
        long sum = 0;
        foreach (var row in report.Rows)
        {
            sum += row.Flat;
            var inline = row.InlineLabel == "" ? "" : " " + row.InlineLabel;
            w.WriteLine($"{report.Format(row.Flat),10} {Measurement.Percentage(row.Flat, report.Total)} {Measurement.Percentage(sum, report.Total)} {report.Format(row.Cum),10} {Measurement.Percentage(row.Cum, report.Total)}  {TerminalText.Escape(row.Name)}{TerminalText.Escape(inline)}");
        }
    }
}
