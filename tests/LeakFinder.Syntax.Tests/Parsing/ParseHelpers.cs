using System.Text;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Syntax.Tests.Parsing;

internal static class ParseHelpers
{
    public static ParseResult Parse(string src, ParserMode mode = ParserMode.ParseComments, string filename = "x.go") =>
        Parser.ParseFile(new FileSet(), filename, Encoding.UTF8.GetBytes(src), mode);

    /// <summary>Parses a file that must have no errors.</summary>
    public static LeakFinder.Syntax.Ast.File ParseOk(string src)
    {
        var r = Parse(src);
        Assert.True(r.Errors.Count == 0, string.Join("\n", r.Errors));
        return r.File;
    }

    /// <summary>All nodes of type T in source order.</summary>
    public static List<T> All<T>(Node root) where T : Node
    {
        var found = new List<T>();
        Walker.Inspect(root, n =>
        {
            if (n is T t) found.Add(t);
            return true;
        });
        return found;
    }

    public static T First<T>(Node root) where T : Node => All<T>(root)[0];

    /// <summary>"line:col" of a position.</summary>
    public static string At(ParseResult r, Pos p)
    {
        var pos = r.TokenFile.Position(p);
        return $"{pos.Line}:{pos.Column}";
    }
}
