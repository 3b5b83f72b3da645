using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Cfg;

/// <summary>
/// `leakfinder debug cfg`: every function body's graph of a file, in the layout of docs/cfg-dump.md,
/// each headed "# NAME LINE:COL" (the function's unadjusted start position).
/// </summary>
public static class CfgDumper
{
    public sealed record FunctionGraph(string Name, int Line, int Column, string Text)
    {
        public override string ToString() => $"# {Name} {Line}:{Column}\n{Text}";
    }

    /// <summary>The graphs of every function body, or the parse errors when the file does not parse.</summary>
    public static (List<FunctionGraph> Graphs, IReadOnlyList<SyntaxError> Errors) Graphs(string path, byte[] src)
    {
        var fset = new FileSet();
        var parsed = Parser.ParseFile(fset, path, src, ParserMode.ParseComments);
        var result = new List<FunctionGraph>();
        if (parsed.HasErrors) return (result, parsed.Errors);
        foreach (var fn in FunctionBodies.Of(parsed.File))
        {
            var g = CfgBuilder.Build(fn.Body, NoReturnCalls.MayReturnSyntactic, fn.EnclosingLabels, fn.FileHasLabels);
            var p = parsed.TokenFile.PositionFor(fn.Function.Pos(), adjusted: false);
            result.Add(new FunctionGraph(fn.Name, p.Line, p.Column, CfgFormatter.Format(g, parsed.TokenFile, src)));
        }
        return (result, parsed.Errors);
    }
}
