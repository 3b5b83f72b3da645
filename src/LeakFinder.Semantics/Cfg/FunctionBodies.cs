using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Cfg;

/// <summary>One function body of a file: a FuncDecl's or a FuncLit's, with the labels of the functions around it.</summary>
public readonly record struct FunctionBody(Node Function, BlockStmt Body, IReadOnlyDictionary<string, Ident> EnclosingLabels)
{
    public string Name => Function is FuncDecl d ? d.Name.Name : "func literal";

    /// <summary>False when the parser saw no labeled statement in the body's file: building its CFG needs no label walk.</summary>
    public bool FileHasLabels { get; init; } = true;
}

public static class FunctionBodies
{
    /// <summary>Every function body in the file, in source order (a function before the literals inside it); the
    /// literals found through the file's package's node index when given.</summary>
    public static List<FunctionBody> Of(LeakFinder.Syntax.Ast.File file, NodeIndex? nodes = null)
    {
        nodes ??= NodeIndex.None;
        var result = new List<FunctionBody>();
        foreach (var decl in file.Decls)
        {
            if (decl is FuncDecl { Body: { } body } fd)
            {
                result.Add(new FunctionBody(fd, body, NoLabels) { FileHasLabels = file.HasLabels });
                if (file.HasFuncLits) CollectLiterals(nodes, body, file.HasLabels ? CfgBuilder.CollectLabels(body) : NoLabels, file.HasLabels, result);
            }
            else if (file.HasFuncLits)
            {
                CollectLiterals(nodes, decl, NoLabels, file.HasLabels, result);
            }
        }
        return result;
    }

    private static readonly Dictionary<string, Ident> NoLabels = [];

    private static void CollectLiterals(NodeIndex nodes, Node root, IReadOnlyDictionary<string, Ident> labels, bool fileHasLabels, List<FunctionBody> into)
    {
        nodes.Inspect(root, NodeKinds.FuncLit, n =>
        {
            if (n is not FuncLit lit || ReferenceEquals(n, root)) return true;
            into.Add(new FunctionBody(lit, lit.Body, labels) { FileHasLabels = fileHasLabels });
            CollectLiterals(nodes, lit.Body, fileHasLabels ? CfgBuilder.CollectLabels(lit.Body, labels) : NoLabels, fileHasLabels, into);
            return false;
        });
    }
}
