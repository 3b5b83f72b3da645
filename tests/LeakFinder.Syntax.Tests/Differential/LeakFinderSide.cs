using LeakFinder.Syntax.Dump;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>LeakFinder's verdict on one file: the dump's hash, or its errors; Crash if it threw.</summary>
internal sealed record LeakFinderResult(string? Hash, IReadOnlyList<string> Errors, int FirstErrorLine, string? Crash)
{
    public bool Rejected => Errors.Count > 0;
}

/// <summary>Parses a file the way `leakfinder debug ast` does (comments kept) and hashes or dumps it.</summary>
internal static class LeakFinderSide
{
    public static LeakFinderResult HashFile(string path)
    {
        try
        {
            var fset = new FileSet();
            var result = Parser.ParseFile(fset, path, System.IO.File.ReadAllBytes(path), ParserMode.ParseComments);
            if (result.Errors.Count > 0)
            {
                var errors = new string[result.Errors.Count];
                for (var i = 0; i < errors.Length; i++) errors[i] = result.Errors[i].ToString();
                return new LeakFinderResult(null, errors, result.Errors[0].Pos.Line, null);
            }
            return new LeakFinderResult(AstDumper.Sha256(result.TokenFile, result.File), [], 0, null);
        }
        catch (Exception e)
        {
            return new LeakFinderResult(null, [], 0, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>The full dump (or the errors) of one file, for showing a mismatch.</summary>
    public static string Dump(string path)
    {
        var fset = new FileSet();
        var result = Parser.ParseFile(fset, path, System.IO.File.ReadAllBytes(path), ParserMode.ParseComments);
        if (result.Errors.Count > 0) return string.Join('\n', result.Errors) + "\n";
        return AstDumper.Dump(result.TokenFile, result.File);
    }
}
