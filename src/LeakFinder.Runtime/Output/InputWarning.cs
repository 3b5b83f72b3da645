namespace LeakFinder.Runtime.Output;

/// <summary>A problem in the input that did not stop the analysis, located as <c>file:line: message</c>.</summary>
public sealed record InputWarning(string File, long Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>
/// Collects warnings with a cap: a garbage input can produce one per line, and a million warnings help no
/// one. Total counts every warning; Items keeps the first <see cref="Limit"/>.
/// </summary>
public sealed class WarningList
{
    public const int Limit = 100;
    private readonly List<InputWarning> _items = [];

    public WarningList(string file) => File = file;

    public string File { get; }
    public int Total { get; private set; }
    public IReadOnlyList<InputWarning> Items => _items;

    /// <summary>Counts warnings that were reported elsewhere but are not kept (merging capped lists).</summary>
    public void AddUnkept(int count) => Total += count;

    public void Add(long line, string message)
    {
        Total++;
        if (_items.Count < Limit) _items.Add(new InputWarning(File, line, message));
    }
}
