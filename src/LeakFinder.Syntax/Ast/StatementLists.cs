namespace LeakFinder.Syntax.Ast;

/// <summary>The nodes that hold a list of statements: a block, a switch case, a select case.</summary>
public static class StatementLists
{
    /// <summary>The statements n holds directly, or null when n is no block or clause.</summary>
    public static NodeList<Stmt>? Of(Node n) => n switch
    {
        BlockStmt b => b.List,
        CaseClause c => c.Body,
        CommClause c => c.Body,
        _ => (NodeList<Stmt>?)null,
    };

    /// <summary>The statement after s in the list its parent holds, or null (s is last, or parent holds no list).</summary>
    public static Stmt? Next(Node parent, Stmt s) =>
        Of(parent) is { } list && list.IndexOf(s) is var i and >= 0 && i + 1 < list.Count ? list[i + 1] : null;
}
