using System.Globalization;
using LeakFinder.Analysis;
using LeakFinder.Analysis.Baseline;

namespace LeakFinder.Reporting;

/// <summary>
/// What every format shares: findings and errors in a stable order (file, line, column, rule), whatever order
/// the parallel analysis produced them in, and paths shown relative to the working directory when under it.
/// </summary>
internal static class ReportOrder
{
    public static List<Diagnostic> Findings(CheckResult result, ReportOptions options)
    {
        // Display paths are computed once per distinct file, not once per comparison.
        var paths = DisplayPaths(result.Findings.Select(d => d.Span.File), options);
        var list = new List<Diagnostic>(result.Findings);
        list.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(paths[a.Span.File], paths[b.Span.File]);
            if (c == 0) c = a.Span.Line.CompareTo(b.Span.Line);
            if (c == 0) c = a.Span.Column.CompareTo(b.Span.Column);
            if (c == 0) c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
            if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
            return c;
        });
        return list;
    }

    public static List<InputError> Errors(CheckResult result, ReportOptions options)
    {
        var paths = DisplayPaths(result.Errors.Select(e => e.File), options);
        var list = new List<InputError>(result.Errors);
        list.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(paths[a.File], paths[b.File]);
            if (c == 0) c = a.Line.CompareTo(b.Line);
            if (c == 0) c = a.Column.CompareTo(b.Column);
            if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
            return c;
        });
        return list;
    }

    private static Dictionary<string, string> DisplayPaths(IEnumerable<string> files, ReportOptions options)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in files)
            if (!paths.ContainsKey(f)) paths[f] = DisplayPath(f, options);
        return paths;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ReportOptions, Dictionary<string, string>> Cache = [];

    /// <summary>The path relative to the working directory ('/'-separated) when under it, else as given.</summary>
    public static string DisplayPath(string path, ReportOptions options)
    {
        // Memoised per options object: a report shows the same few hundred files tens of thousands of times.
        var cache = Cache.GetOrCreateValue(options);
        lock (cache)
        {
            if (cache.TryGetValue(path, out var shown)) return shown;
            shown = ComputeDisplayPath(path, options);
            cache[path] = shown;
            return shown;
        }
    }

    private static string ComputeDisplayPath(string path, ReportOptions options)
    {
        if (path.Length == 0) return path;
        string full;
        try
        {
            full = Path.GetFullPath(path, options.WorkingDirectory);
        }
        catch (ArgumentException)
        {
            return path;
        }
        var rel = FindingFingerprints.RelativePath(full, options.WorkingDirectory);
        return Path.IsPathRooted(rel) ? path.Replace('\\', '/') : rel;
    }

    public static string SeverityName(Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    /// <summary>One line that sums the run up, e.g. "3 findings (2 errors, 1 warning) in 12 files of 3 packages, 1 suppressed".</summary>
    public static string Summary(CheckResult result)
    {
        var s = result.Stats;
        var inv = CultureInfo.InvariantCulture;
        var scope = $"{Count(s.Files, "file")} of {Count(s.Packages, "package")}";
        string text;
        if (result.Findings.Count == 0)
            text = $"No findings in {scope}";
        else
        {
            int errors = 0, warnings = 0, infos = 0;
            foreach (var d in result.Findings)
            {
                if (d.Severity == Severity.Error) errors++;
                else if (d.Severity == Severity.Warning) warnings++;
                else infos++;
            }
            var parts = new List<string>(3);
            if (errors > 0) parts.Add(Count(errors, "error"));
            if (warnings > 0) parts.Add(Count(warnings, "warning"));
            if (infos > 0) parts.Add(Count(infos, "info", "info"));
            text = $"{Count(result.Findings.Count, "finding")} ({string.Join(", ", parts)}) in {scope}";
        }
        if (s.Suppressed > 0) text += $", {s.Suppressed.ToString(inv)} suppressed";
        if (s.LowImpactHidden > 0) text += $", {s.LowImpactHidden.ToString(inv)} low-impact in command or test code not shown (--all-contexts)";
        if (result.Errors.Count > 0) text += $"; {Count(result.Errors.Count, "input error")}";
        return text + string.Create(inv, $" ({s.Elapsed.TotalSeconds:0.00}s)");
    }

    private static string Count(int n, string singular, string? plural = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural ?? singular + "s");
}
