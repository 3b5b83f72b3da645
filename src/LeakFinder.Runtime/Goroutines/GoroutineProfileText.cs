using System.Text;
using LeakFinder.Runtime.Output;
using LeakFinder.Runtime.Pprof;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Go's goroutine profile as profile.proto (/debug/pprof/goroutine?debug=0, the default) written as the
/// ?debug=1 text Go prints from the same records (runtime/pprof printCountProfile): "goroutine profile: total N",
/// then per stack "count @ pcs", its labels and one "#\tpc\tfunction\tfile:line" per frame, runtime frames
/// above the first other one hidden as printStackRecord hides them. One parser and one ranking then serve
/// both forms, so the two give the same suspects.
/// </summary>
public static class GoroutineProfileText
{
    public static byte[] Write(PprofProfile profile)
    {
        var index = profile.SampleIndex(null);
        var total = profile.Samples.Sum(s => s.Values[index]);
        var text = new StringBuilder();
        text.Append("goroutine profile: total ").Append(total).Append('\n');
        foreach (var sample in profile.Samples)
        {
            text.Append(sample.Values[index]).Append(" @");
            foreach (var location in sample.Locations) text.Append(" 0x").Append(location.Address.ToString("x"));
            text.Append('\n');
            if (sample.Labels.Length > 0)
                // %q as Go's printCountProfile writes them: a label holding a newline or a quote stays one label.
                text.Append("# labels: {").AppendJoin(", ", sample.Labels.Select(l => $"{TerminalText.Quote(l.Key)}:{TerminalText.Quote(l.Value)}")).Append("}\n");
            if (!AppendFrames(text, sample, allFrames: false)) AppendFrames(text, sample, allFrames: true);
            text.Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // printStackRecord: runtime frames are hidden until the first other frame; false when nothing was shown.
    private static bool AppendFrames(StringBuilder text, PprofSample sample, bool allFrames)
    {
        var show = allFrames;
        foreach (var location in sample.Locations)
            foreach (var line in location.Lines)
            {
                var name = line.Function?.Name ?? "";
                if (name == "")
                {
                    show = true;
                    text.Append("#\t0x").Append(location.Address.ToString("x")).Append('\n');
                }
                else if (name != "runtime.goexit" && (show || !name.StartsWith("runtime.", StringComparison.Ordinal)))
                {
                    show = true;
                    // One line per frame: names and paths from a hostile profile must not forge more.
                    text.Append("#\t0x").Append(location.Address.ToString("x")).Append('\t').Append(OneLine(name))
                        .Append('\t').Append(OneLine(line.Function!.File)).Append(':').Append(line.Line).Append('\n');
                }
            }
        return show;
    }

    private static string OneLine(string s) => s.Contains('\n') || s.Contains('\r') || s.Contains('\t') ? s.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ') : s;
}
