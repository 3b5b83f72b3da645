using LeakFinder.Runtime.Output;
using System.Globalization;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Pprof;

/// <summary>Ranked suspects for a terminal: `#1 0.93 heap-growth main.go:42 main.cache: reason`.</summary>
public static class SuspectText
{
    public static void Write(TextWriter w, IReadOnlyList<LeakSuspect> suspects)
    {
        w.WriteLine();
        if (suspects.Count == 0)
        {
            w.WriteLine("No leak suspects.");
            return;
        }
        w.WriteLine("Leak suspects:");
        for (var i = 0; i < suspects.Count; i++)
        {
            var s = suspects[i];
            var where = s.Site is { } site ? $"{TerminalText.Escape(site.File)}:{site.Line} {TerminalText.Escape(site.Function)}" : "(no source site)";
            w.WriteLine($"#{i + 1} {s.Score.ToString("0.00", CultureInfo.InvariantCulture)} {s.Kind} {where}");
            w.WriteLine($"    {TerminalText.Escape(s.Reason)}");
        }
    }
}
