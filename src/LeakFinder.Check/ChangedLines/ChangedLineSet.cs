using LeakFinder.Analysis;
using System.Diagnostics;

namespace LeakFinder.Check.ChangedLines;

/// <summary>`--new-from-rev` cannot work (no git, not a repository, unknown revision): a one-line message.</summary>
public sealed class ChangedLinesException(string message) : Exception(message);

/// <summary>
/// The lines changed since a revision (`--new-from-rev REV`): lines added or modified in the working tree
/// relative to REV according to `git diff --unified=0 REV` (staged and unstaged alike), plus every line of
/// untracked files that are not ignored. Deleted lines are not "changed lines": a finding can only sit on text
/// that exists. Paths are full paths.
/// </summary>
public sealed class ChangedLineSet
{
    private readonly Dictionary<string, HashSet<int>> _lines;
    private readonly HashSet<string> _wholeFiles;

    internal ChangedLineSet(Dictionary<string, HashSet<int>> lines, HashSet<string> wholeFiles)
    {
        _lines = lines;
        _wholeFiles = wholeFiles;
    }

    /// <summary>Files with at least one changed line, or new as a whole (untracked).</summary>
    public IEnumerable<string> Files => _lines.Keys.Concat(_wholeFiles).Distinct(PathComparer);

    /// <summary>Runs git in <paramref name="directory"/>'s repository; throws <see cref="ChangedLinesException"/>.</summary>
    public static ChangedLineSet Compute(string directory, string rev)
    {
        var root = Git(directory, ["rev-parse", "--show-toplevel"], reader => reader.ReadToEnd().Trim());
        // Resolve REV first so a typo reads "unknown revision", not a diff usage message.
        Git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"], reader => reader.ReadToEnd(),
            failure: _ => $"--new-from-rev: unknown revision \"{rev}\" in {root}");
        var lines = Git(root,
            ["-c", "core.quotePath=false", "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
             "--src-prefix=a/", "--dst-prefix=b/", rev, "--"],
            reader => UnifiedDiff.AddedLines(reader, root));
        var untracked = Git(root, ["ls-files", "--others", "--exclude-standard", "-z"], reader => reader.ReadToEnd());
        var whole = new HashSet<string>(PathComparer);
        foreach (var rel in untracked.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            whole.Add(Path.GetFullPath(Path.Combine(root, rel)));
        return new ChangedLineSet(lines, whole);
    }

    /// <summary>True when the line of the file was added or changed.</summary>
    public bool Contains(string file, int line)
    {
        var full = Path.GetFullPath(file);
        return _wholeFiles.Contains(full) || (_lines.TryGetValue(full, out var set) && set.Contains(line));
    }

    /// <summary>True when any line of the span (start to end) is a changed line.</summary>
    public bool Touches(SourceSpan span)
    {
        var full = Path.GetFullPath(span.File);
        if (_wholeFiles.Contains(full)) return true;
        if (!_lines.TryGetValue(full, out var set)) return false;
        var end = Math.Max(span.Line, span.EndLine);
        for (var line = span.Line; line <= end; line++)
            if (set.Contains(line)) return true;
        return false;
    }

    /// <summary>The findings whose span touches a changed line, in their order.</summary>
    public IReadOnlyList<Diagnostic> Filter(IReadOnlyList<Diagnostic> findings)
    {
        var kept = new List<Diagnostic>();
        foreach (var d in findings)
            if (Touches(d.Span)) kept.Add(d);
        return kept;
    }

    internal static readonly StringComparer PathComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private static T Git<T>(string directory, IReadOnlyList<string> args, Func<StreamReader, T> read, Func<string, string>? failure = null)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        // Neither a pager nor the user's locale may change what we parse.
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ChangedLinesException("--new-from-rev: could not start git");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ChangedLinesException($"--new-from-rev needs git: {e.Message}");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var result = read(process.StandardOutput);
            process.StandardOutput.ReadToEnd(); // drain whatever the reader left, so git can exit
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var message = stderr.Result.Trim();
                throw new ChangedLinesException(failure?.Invoke(message) ?? $"--new-from-rev: git {args[0]} failed in {directory}: {message}");
            }
            return result;
        }
    }
}
