using System.Text;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>tools/astdump, the go/parser side of the differential test (built and run through GoTools).</summary>
internal static class ReferenceTool
{
    public static string AstDump() => GoTools.Build("astdump");

    /// <summary>One `astdump -hash` run over all paths: per path either a dump hash or go/parser's first error.</summary>
    public static IReadOnlyList<ReferenceResult> Hashes(IReadOnlyList<string> paths)
    {
        var input = new StringBuilder();
        foreach (var p in paths) input.Append(p).Append('\n');
        var lines = GoTools.Run(AstDump(), "-hash", input.ToString()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != paths.Count)
            throw new InvalidOperationException($"astdump -hash printed {lines.Length} lines for {paths.Count} paths");
        var results = new ReferenceResult[paths.Count];
        for (var i = 0; i < lines.Length; i++) results[i] = ReferenceResult.ParseLine(paths[i], lines[i]);
        return results;
    }

    /// <summary>The full dump of one file (for showing a mismatch); astdump exits 1 on a file with errors.</summary>
    public static string Dump(string path)
    {
        var (_, stdout, stderr) = GoTools.RunAllowingFailure(AstDump(), $"\"{path}\"");
        return stdout + stderr;
    }
}

/// <summary>go/parser's verdict on one file: the dump's hash, or the first error and its line.</summary>
internal sealed record ReferenceResult(string Path, string? Hash, string? Error, int ErrorLine)
{
    public bool Rejected => Error != null;

    public static ReferenceResult ParseLine(string path, string line)
    {
        if (line.StartsWith("ERR ", StringComparison.Ordinal))
        {
            var error = line[4..];
            var m = ErrorFormat.Match(error);
            return new ReferenceResult(path, null, error, m.Success ? int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        }
        var space = line.IndexOf(' ');
        if (space != 64 || line[(space + 1)..] != path)
            throw new InvalidOperationException($"unexpected astdump -hash line for {path}: {line}");
        return new ReferenceResult(path, line[..space], null, 0);
    }

    /// <summary>`file:line:col: message`, or `file:line: message` where a //line directive left the column unknown (go/parser prints it so too).</summary>
    public static readonly System.Text.RegularExpressions.Regex ErrorFormat =
        new(@"^(?<file>.+?):(?<line>\d+)(:(?<col>\d+))?: (?<msg>.+)$", System.Text.RegularExpressions.RegexOptions.Compiled | System.Text.RegularExpressions.RegexOptions.Singleline);
}
