using LeakFinder.Runtime.Input;

namespace LeakFinder.Runtime.Watch;

/// <summary>
/// `watch --targets-file FILE`: targets one per line, `#` to the end of a line a comment, blank lines ignored.
/// The watcher asks <see cref="ReadIfChanged"/> every second and starts or stops polling what was added or
/// removed, so a fleet's list is edited (or rewritten by a config tool) without restarting the watch.
/// </summary>
public sealed class TargetsFile(string path)
{
    private string? _lastText;

    public string Path => path;

    /// <summary>The targets of the file's text; a line that is no target is an InputException naming FILE:LINE.</summary>
    public static IReadOnlyList<WatchTarget> Parse(string text, string path)
    {
        var targets = new List<WatchTarget>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var hash = lines[i].IndexOf('#');
            var line = (hash >= 0 ? lines[i][..hash] : lines[i]).Trim();
            if (line.Length == 0) continue;
            try
            {
                targets.Add(WatchTarget.Parse(line));
            }
            catch (InputException e)
            {
                throw new InputException($"{path}:{i + 1}: {e.Message}", e);
            }
        }
        return targets;
    }

    /// <summary>
    /// The file's targets when its content differs from the last read (always on the first), else null.
    /// Unreadable or bad content is an InputException; the next call reads it again.
    /// </summary>
    public IReadOnlyList<WatchTarget>? ReadIfChanged()
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _lastText = null;
            throw new InputException($"{path}: cannot read the targets file: {e.Message}", e);
        }
        if (text == _lastText) return null;
        _lastText = null;
        var targets = Parse(text, path);
        _lastText = text;
        return targets;
    }
}
