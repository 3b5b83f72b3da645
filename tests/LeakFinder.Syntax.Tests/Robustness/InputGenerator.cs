using System.Text;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Syntax.Tests.Robustness;

/// <summary>
/// Deterministic hostile inputs made from Go's own source (seeded System.Random, files in sorted
/// order): truncations, byte flips, insertions and deletions of std files; deeply nested constructs at
/// and beyond go/parser's nesting limit (100,000); and one ~50 MB file of concatenated std declarations.
/// </summary>
internal static class InputGenerator
{
    public const int Seed = 20240404;

    /// <summary>Std files between 512 bytes and 16 KB without //line directives (which would rename the file in errors).</summary>
    public static List<byte[]> SampleStdFiles(int count, Random rng)
    {
        var candidates = new List<string>();
        foreach (var path in Differential.CorpusRun.GoFiles(Path.Combine(GoToolchain.RequireGoRoot(), "src")))
        {
            var size = new FileInfo(path).Length;
            if (size >= 512 && size <= 16 * 1024) candidates.Add(path);
        }
        var chosen = new List<byte[]>(count);
        while (chosen.Count < count && candidates.Count > 0)
        {
            var i = rng.Next(candidates.Count);
            var bytes = File.ReadAllBytes(candidates[i]);
            candidates[i] = candidates[^1];
            candidates.RemoveAt(candidates.Count - 1);
            if (ContainsLineDirective(bytes)) continue;
            chosen.Add(bytes);
        }
        return chosen;
    }

    private static bool ContainsLineDirective(byte[] src) =>
        src.AsSpan().IndexOf("//line "u8) >= 0 || src.AsSpan().IndexOf("/*line "u8) >= 0;

    // Bytes that change a Go file's structure the most when inserted: brackets, quotes, comment openers,
    // operators, newlines (semicolon insertion), invalid UTF-8, NUL and a BOM.
    private static readonly byte[][] Interesting =
    [
        "("u8.ToArray(), ")"u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(),
        "\""u8.ToArray(), "'"u8.ToArray(), "`"u8.ToArray(), "/*"u8.ToArray(), "*/"u8.ToArray(), "//"u8.ToArray(),
        "\n"u8.ToArray(), ";"u8.ToArray(), ":="u8.ToArray(), "<-"u8.ToArray(), "..."u8.ToArray(), "~"u8.ToArray(),
        "func"u8.ToArray(), "type"u8.ToArray(), "chan"u8.ToArray(), "interface{"u8.ToArray(), "0x"u8.ToArray(),
        "1e"u8.ToArray(), "\\"u8.ToArray(), [0xff], [0xc3], [0], [0xef, 0xbb, 0xbf], "\r"u8.ToArray(),
    ];

    /// <summary>perFile mutants of each sample, a quarter of each kind.</summary>
    public static IEnumerable<RobustnessInput> Mutants(List<byte[]> samples, int perFile, Random rng)
    {
        for (var f = 0; f < samples.Count; f++)
        {
            var src = samples[f];
            for (var m = 0; m < perFile; m++)
            {
                var kind = m % 4;
                var name = $"mutant/{f:D4}-{m:D3}-{(kind switch { 0 => "truncate", 1 => "flip", 2 => "insert", _ => "delete" })}.go";
                yield return new RobustnessInput(name, kind switch
                {
                    0 => src[..rng.Next(src.Length)],
                    1 => Flip(src, rng),
                    2 => Insert(src, rng),
                    _ => Delete(src, rng),
                });
            }
        }
    }

    private static byte[] Flip(byte[] src, Random rng)
    {
        var dst = (byte[])src.Clone();
        var n = 1 + rng.Next(4);
        for (var i = 0; i < n; i++) dst[rng.Next(dst.Length)] = (byte)rng.Next(256);
        return dst;
    }

    private static byte[] Insert(byte[] src, Random rng)
    {
        var at = rng.Next(src.Length + 1);
        var what = rng.Next(3) == 0 ? RandomBytes(rng, 1 + rng.Next(8)) : Interesting[rng.Next(Interesting.Length)];
        return [.. src.AsSpan(0, at), .. what, .. src.AsSpan(at)];
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static byte[] Delete(byte[] src, Random rng)
    {
        var at = rng.Next(src.Length);
        var len = Math.Min(src.Length - at, 1 + rng.Next(16));
        return [.. src.AsSpan(0, at), .. src.AsSpan(at + len)];
    }

    /// <summary>How each construct nests: prefix, n × open, middle, n × close, suffix.</summary>
    private static readonly (string Name, string Prefix, string Open, string Middle, string Close, string Suffix)[] NestingShapes =
    [
        ("parens", "package p\nvar x = ", "(", "1", ")", "\n"),
        ("blocks", "package p\nfunc f() {\n", "{", "", "}", "\n}\n"),
        ("funclits", "package p\nvar x = ", "func() {", "", "}", "\n"),
        ("calledfunclits", "package p\nfunc f() {\n", "func() {", "", "}()\n", "}\n"),
        ("compositelits", "package p\nvar x = [][]int{", "{", "1", "}", "}\n"),
        ("unary", "package p\nvar x = ", "-", "1", "", "\n"),
        ("receives", "package p\nvar x = ", "<-", "c", "", "\n"),
        ("pointertypes", "package p\nvar x ", "*", "int", "", "\n"),
        ("slicetypes", "package p\nvar x ", "[]", "int", "", "\n"),
        ("chantypes", "package p\nvar x ", "chan ", "int", "", "\n"),
        ("maptypes", "package p\nvar x ", "map[int]", "int", "", "\n"),
        ("functypes", "package p\nvar x ", "func() ", "int", "", "\n"),
        ("structs", "package p\ntype T ", "struct { f ", "int", " }", "\n"),
        ("interfaces", "package p\ntype T ", "interface { m() ", "int", " }", "\n"),
        ("ifs", "package p\nfunc f() {\n", "if x {", "", "}", "\n}\n"),
        ("elseif", "package p\nfunc f() {\n", "if x {} else ", "{}", "", "\n}\n"),
        ("fors", "package p\nfunc f() {\n", "for {", "", "}", "\n}\n"),
        ("switches", "package p\nfunc f() {\n", "switch { case true: ", "", "}", "\n}\n"),
        ("selects", "package p\nfunc f() {\n", "select { case <-c: ", "", "}", "\n}\n"),
        ("labels", "package p\nfunc f() {\n", "L: ", "{}", "", "\n}\n"),
        ("indexing", "package p\nvar x = a", "[0]", "", "", "\n"),
        ("binary", "package p\nvar x = 1", "+1", "", "", "\n"),
        ("unclosedparens", "package p\nvar x = ", "(", "", "", ""),
        ("unclosedbraces", "package p\nfunc f() ", "{", "", "", ""),
    ];

    /// <summary>Every nesting shape at each depth (the robustness test goes below and up to go/parser's limit of 100,000 levels).</summary>
    public static IEnumerable<RobustnessInput> DeeplyNested(params int[] depths)
    {
        foreach (var n in depths)
            foreach (var (name, prefix, open, middle, close, suffix) in NestingShapes)
                yield return Nested(name, n, prefix, open, middle, close, suffix);
    }

    private static RobustnessInput Nested(string what, int n, string prefix, string open, string middle, string close, string suffix)
    {
        var sb = new StringBuilder(prefix.Length + n * (open.Length + close.Length) + middle.Length + suffix.Length);
        sb.Append(prefix);
        for (var i = 0; i < n; i++) sb.Append(open);
        sb.Append(middle);
        for (var i = 0; i < n; i++) sb.Append(close);
        sb.Append(suffix);
        return new RobustnessInput($"nested/{what}-{n}.go", Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>
    /// One package of at least targetBytes: the declarations of std files (everything from a file's first
    /// top-level "func " line on, so no package clause or imports), repeated over the corpus as needed.
    /// It is valid Go: go/parser accepts it.
    /// </summary>
    public static RobustnessInput Huge(int targetBytes)
    {
        var buf = new MemoryStream(targetBytes + (1 << 20));
        buf.Write("package huge\n\n"u8);
        var files = Differential.CorpusRun.GoFiles(Path.Combine(GoToolchain.RequireGoRoot(), "src"))
            .Where(p => !p.Contains("/testdata/", StringComparison.Ordinal)).ToList();
        while (buf.Length < targetBytes)
        {
            var before = buf.Length;
            foreach (var path in files)
            {
                var src = File.ReadAllBytes(path);
                if (ContainsLineDirective(src)) continue;
                var start = src.AsSpan().IndexOf("\nfunc "u8);
                // A raw string or block comment opened before it could make "func" text, not a declaration.
                if (start < 0 || src.AsSpan(0, start).IndexOfAny((byte)'`', (byte)'*') >= 0) continue;
                buf.Write(src.AsSpan(start + 1));
                buf.WriteByte((byte)'\n');
                if (buf.Length >= targetBytes) break;
            }
            if (buf.Length == before) break; // no usable file: avoid looping forever
        }
        return new RobustnessInput("huge/std-declarations.go", buf.ToArray());
    }
}
