using LeakFinder.Analysis;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Check.Baseline;

/// <summary>
/// The top-level function or method around a line of a Go file ("fetch", "(*Client).Do"), found by parsing the
/// file once. Part of a finding's fingerprint: it keeps two identical lines in different functions apart.
/// </summary>
public sealed class EnclosingFunctions
{
    private readonly Dictionary<string, (int StartLine, int EndLine, string Name)[]> _byFile = new(StringComparer.Ordinal);
    private readonly SourceFiles _sources;

    public EnclosingFunctions(SourceFiles sources) => _sources = sources;

    /// <summary>The name of the function declaration containing the line, or "" (package level, unreadable file).</summary>
    public string At(string file, int line)
    {
        if (!_byFile.TryGetValue(file, out var funcs))
        {
            funcs = Collect(_sources.Get(file));
            _byFile[file] = funcs;
        }
        foreach (var f in funcs)
            if (line >= f.StartLine && line <= f.EndLine) return f.Name;
        return "";
    }

    private static (int, int, string)[] Collect(SourceFile? source)
    {
        if (source == null) return [];
        var result = Parser.ParseFile(new FileSet(), source.Path, source.Content, ParserMode.None);
        var funcs = new List<(int, int, string)>();
        foreach (var decl in result.File.Decls)
        {
            if (decl is not FuncDecl fd) continue;
            // Unadjusted lines: //line directives must not move a function away from the lines we look up.
            var start = result.TokenFile.PositionFor(fd.Pos(), adjusted: false).Line;
            var end = result.TokenFile.PositionFor(fd.End(), adjusted: false).Line;
            funcs.Add((start, end, QualifiedName(fd)));
        }
        return [.. funcs];
    }

    private static string QualifiedName(FuncDecl fd)
    {
        if (fd.Recv is not { List.Count: > 0 } recv) return fd.Name.Name;
        return $"({ReceiverTypeName(recv.List[0].Type)}).{fd.Name.Name}";
    }

    private static string ReceiverTypeName(Expr? type) => type switch
    {
        StarExpr s => "*" + ReceiverTypeName(s.X),
        Ident id => id.Name,
        IndexExpr ix => ReceiverTypeName(ix.X),
        IndexListExpr il => ReceiverTypeName(il.X),
        ParenExpr p => ReceiverTypeName(p.X),
        _ => "?",
    };
}
