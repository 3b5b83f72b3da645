using System.Text;

namespace LeakFinder.Semantics.Build;

/// <summary>
/// The build constraints of one file's header: the leading run of comments and blank lines before the
/// package clause, read exactly as go/build's parseFileHeader and shouldBuild read it. A `//go:build`
/// line anywhere in that header controls; without one, every `// +build` line that precedes the last
/// blank line of the leading `//` comments must hold (they are ANDed).
/// </summary>
public readonly record struct FileHeader(Constraint? GoBuild, IReadOnlyList<Constraint> PlusBuild, int ErrorLine, string? Error)
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Reads the header of a Go source file. Error (at ErrorLine) is set for a malformed //go:build line.</summary>
    public static FileHeader Read(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Bom)) content = content[3..];
        var end = 0;              // where the leading run of // comments and blank lines last ended
        var ended = false;        // saw a non-blank, non-// line: no later // +build line counts
        var inSlashStar = false;  // inside a /* */ comment
        string? goBuild = null;
        var goBuildLine = 0;
        var lineNo = 0;
        var offset = 0;
        while (offset < content.Length)
        {
            lineNo++;
            var rest = content[offset..];
            var nl = rest.IndexOf((byte)'\n');
            var raw = nl >= 0 ? rest[..nl] : rest;
            offset += nl >= 0 ? nl + 1 : rest.Length;
            var line = TrimSpace(raw);
            if (line.Length == 0 && !ended)
            {
                end = offset;
                continue;
            }
            if (!line.StartsWith("//"u8)) ended = true;
            if (!inSlashStar && IsGoBuildComment(line))
            {
                if (goBuild != null) return Failed(lineNo, "multiple //go:build comments");
                goBuild = Encoding.UTF8.GetString(line);
                goBuildLine = lineNo;
            }
            if (!ContinuesHeader(ref line, ref inSlashStar)) break;
        }

        if (goBuild != null)
        {
            var x = Constraint.Parse(goBuild, out var error);
            return x == null ? Failed(goBuildLine, "parsing //go:build line: " + error) : new FileHeader(x, [], 0, null);
        }
        return new FileHeader(null, PlusBuildLines(content[..end]), 0, null);
    }

    /// <summary>Whether the file is built in a context; a malformed header builds nothing (go/build reports it).</summary>
    public bool Matches(Func<string, bool> tagOk)
    {
        if (Error != null) return false;
        if (GoBuild != null) return GoBuild.Eval(tagOk);
        var ok = true;
        foreach (var c in PlusBuild)
            if (!c.Eval(tagOk)) ok = false; // every line is evaluated: the tags it consults are recorded
        return ok;
    }

    private static FileHeader Failed(int line, string message) => new(null, [], line, message);

    // Skips the comments on a line; false when the line has non-comment text (the header ended).
    private static bool ContinuesHeader(ref ReadOnlySpan<byte> line, ref bool inSlashStar)
    {
        while (line.Length > 0)
        {
            if (inSlashStar)
            {
                var close = line.IndexOf("*/"u8);
                if (close < 0) return true;
                inSlashStar = false;
                line = TrimSpace(line[(close + 2)..]);
                continue;
            }
            if (line.StartsWith("//"u8)) return true;
            if (line.StartsWith("/*"u8))
            {
                inSlashStar = true;
                line = TrimSpace(line[2..]);
                continue;
            }
            return false;
        }
        return true;
    }

    private static List<Constraint> PlusBuildLines(ReadOnlySpan<byte> header)
    {
        var result = new List<Constraint>();
        while (header.Length > 0)
        {
            var nl = header.IndexOf((byte)'\n');
            var line = TrimSpace(nl >= 0 ? header[..nl] : header);
            header = nl >= 0 ? header[(nl + 1)..] : default;
            if (!line.StartsWith("//"u8) || line.IndexOf("+build"u8) < 0) continue;
            var text = Encoding.UTF8.GetString(line);
            if (!Constraint.IsPlusBuild(text)) continue;
            if (Constraint.Parse(text, out _) is { } x) result.Add(x);
        }
        return result;
    }

    private static bool IsGoBuildComment(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("//go:build"u8)) return false;
        var rest = line["//go:build".Length..];
        return rest.Length == 0 || TrimSpace(rest).Length < rest.Length;
    }

    private static ReadOnlySpan<byte> TrimSpace(ReadOnlySpan<byte> s)
    {
        var start = 0;
        while (start < s.Length && IsSpace(s[start])) start++;
        var end = s.Length;
        while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';
}
