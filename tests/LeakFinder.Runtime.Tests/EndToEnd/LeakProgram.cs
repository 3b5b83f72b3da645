using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// One program of testdata/programs: where its source is and which line leaks. The leaking line is found by
/// its `// LEAK` marker comment, never by number, so editing a program cannot silently stale a test.
/// </summary>
public sealed record LeakProgram(string Name, bool NeedsCgo = false)
{
    public const string Marker = "// LEAK";

    /// <summary>Every program, in the order they are built and run; the control has no marker.</summary>
    public static readonly IReadOnlyList<LeakProgram> All =
    [
        new("blocked-send"),
        new("worker-no-exit"),
        new("ticker-not-stopped"),
        new("time-after-loop"),
        new("body-not-closed"),
        new("global-map-cache"),
        new("subslice-retains-array"),
        new("cstring-not-freed", NeedsCgo: true),
        new("mmap-not-unmapped"),
        new("inotify-not-closed"),
        new("healthy"),
    ];

    public static LeakProgram Named(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException("no test program named " + name, nameof(name));

    public static string ModuleDirectory => RepoPaths.Combine("testdata", "programs");

    public string SourceFile => Path.Combine(ModuleDirectory, Name, "main.go");

    /// <summary>The line carrying the `// LEAK` marker: the statement the evidence should point at.</summary>
    public SourceLine LeakLine
    {
        get
        {
            var lines = File.ReadAllLines(SourceFile);
            SourceLine? found = null;
            for (var i = 0; i < lines.Length; i++)
            {
                if (!IsMarked(lines[i])) continue;
                if (found != null) throw new InvalidOperationException($"{SourceFile}:{i + 1}: second {Marker} marker (first at line {found.Line})");
                found = new SourceLine(SourceFile, i + 1);
            }
            return found ?? throw new InvalidOperationException($"{SourceFile}: no {Marker} marker");
        }
    }

    // "// LEAK" or "// LEAK: why", but not a word that merely starts with LEAK.
    private static bool IsMarked(string line)
    {
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) return false;
        var after = at + Marker.Length;
        return after == line.Length || !char.IsLetterOrDigit(line[after]);
    }

    public override string ToString() => Name;
}

/// <summary>A file and a 1-based line, as Go's runtime prints them (absolute path of the built source).</summary>
public sealed record SourceLine(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}
