namespace LeakFinder.Semantics.Loading;

/// <summary>
/// Splits command-line patterns into loads: a pattern naming a directory (`examples/svc`, `../other/...`)
/// is loaded from that directory, so that the module around it is found there, as a user expects of a
/// linter run from anywhere; every other pattern (./..., import paths, files) is loaded from the working
/// directory, in one load that comes first.
/// </summary>
public static class PatternGroups
{
    public static List<(string Dir, List<string> Patterns)> Split(string workDir, IReadOnlyList<string> patterns)
    {
        var groups = new List<(string Dir, List<string> Patterns)>();
        var rest = new List<string>();
        foreach (var pattern in patterns)
        {
            var recursive = pattern.EndsWith("/...", StringComparison.Ordinal);
            var baseDir = recursive ? pattern[..^4] : pattern;
            var full = Path.GetFullPath(baseDir.Length == 0 ? "." : baseDir, workDir);
            if (baseDir is "" or "." or "./" || !Directory.Exists(full) || Path.GetFullPath(workDir) == full)
            {
                rest.Add(pattern);
                continue;
            }
            groups.Add((full, [recursive ? "./..." : "."]));
        }
        if (rest.Count > 0) groups.Insert(0, (workDir, rest));
        return groups;
    }
}
