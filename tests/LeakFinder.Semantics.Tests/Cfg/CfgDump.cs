using LeakFinder.Semantics.Cfg;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Tests.Cfg;

/// <summary>LeakFinder's side of docs/cfg-dump.md: each function's graph keyed by "path:line:col".</summary>
internal static class CfgDump
{
    public sealed record FunctionGraph(string Key, string Name, string Text);

    /// <summary>Null when LeakFinder's parser rejects the file.</summary>
    public static List<FunctionGraph>? Graphs(string path, byte[] src)
    {
        var fset = new FileSet();
        var parsed = Parser.ParseFile(fset, path, src, ParserMode.ParseComments);
        if (parsed.HasErrors) return null;
        var result = new List<FunctionGraph>();
        foreach (var fn in FunctionBodies.Of(parsed.File))
        {
            var g = CfgBuilder.Build(fn.Body, NoReturnCalls.MayReturnSyntactic, fn.EnclosingLabels);
            var p = parsed.TokenFile.PositionFor(fn.Function.Pos(), adjusted: false);
            result.Add(new FunctionGraph($"{path}:{p.Line}:{p.Column}", fn.Name, CfgFormatter.Format(g, parsed.TokenFile, src)));
        }
        return result;
    }

    public static string Format(string path)
    {
        var graphs = Graphs(path, File.ReadAllBytes(path)) ?? throw new InvalidOperationException($"{path} does not parse");
        return string.Concat(graphs.Select(g => $"# {g.Name} {g.Key[(path.Length + 1)..]}\n{g.Text}"));
    }
}
