using LeakFinder.Runtime.Goroutines;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Goroutines;

/// <summary>Paths of testdata/dumps and the "// MARK:name" lines of dumpgen/main.go, where tests expect goroutines stuck.</summary>
internal static class DumpFixtures
{
    public static string Dir => RepoPaths.Combine("testdata", "dumps");

    public static string Path(string name) => System.IO.Path.Combine(Dir, name);

    public static string HandwrittenPath(string name) => System.IO.Path.Combine(Dir, "handwritten", name);

    public static ParsedDump Parse(string path)
    {
        using var stream = File.OpenRead(path);
        return ParsedDump.Parse(stream, path);
    }

    private static readonly Lazy<string[]> DumpgenLines = new(() => File.ReadAllLines(System.IO.Path.Combine(Dir, "dumpgen", "main.go")));

    /// <summary>Line number of "// MARK:name" in dumpgen/main.go.</summary>
    public static int Mark(string name)
    {
        var lines = DumpgenLines.Value;
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].EndsWith("// MARK:" + name, StringComparison.Ordinal)) return i + 1;
        throw new InvalidOperationException("no MARK:" + name + " in dumpgen/main.go");
    }

    public static IEnumerable<Goroutine> AtMark(this ParsedDump dump, string function, string mark)
    {
        var line = Mark(mark);
        return dump.Goroutines.Where(g => g.Stack.Any(c => c.Function == function && c.Line == line && c.File.EndsWith("dumpgen/main.go")));
    }
}
