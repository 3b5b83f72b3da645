using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// A statement where it sits: the statement list that holds it (a block's, or a case clause's body), its index
/// there, the position of whatever follows it (the next statement, the next clause or the closing brace), and
/// whether a loop of the function encloses it (a defer there runs only when the function returns, not per
/// iteration).
/// </summary>
public sealed record StatementSite(NodeList<Stmt> List, int Index, Pos Follower, Pos Opener, bool InLoop)
{
    public Stmt Stmt => List[Index];
}

/// <summary>
/// The shared parts of suggested fixes: where a statement sits, the `x, err := f(); if err != nil { return }`
/// shape, and whole-line edits that keep gofmt's layout. Every fix inserts whole lines indented with tabs as
/// the statement next to them is (gofmt indents a block's statements with one tab per level, so a statement's
/// column minus one is its number of tabs), and only where the neighbouring statements start and end their own
/// lines, so the result is as gofmt-clean as the input was.
/// </summary>
public static class FixSites
{
    /// <summary>The site of the statement of <paramref name="fn"/>'s own body (not a nested literal's) that
    /// is or contains <paramref name="n"/> directly in a statement list; null when n is elsewhere (an if's init,
    /// a for's post statement, a literal).</summary>
    public static StatementSite? StatementOf(FunctionBody fn, Node n)
    {
        StatementSite? found = null;
        var at = n.Pos().Value;
        Walker.InspectWithAncestors(fn.Body, (node, ancestors) =>
        {
            if (found != null || at < node.Pos().Value || at >= node.End().Value) return false;
            if (node is FuncLit) return false;
            if (node is BlockStmt block) found = SiteIn(block.List, block.Lbrace, block.Rbrace, n, ancestors);
            else if (node is CaseClause cc) found = SiteIn(cc.Body, cc.Colon, FollowerOfClause(cc, ancestors), n, ancestors);
            else if (node is CommClause cm) found = SiteIn(cm.Body, cm.Colon, FollowerOfClause(cm, ancestors), n, ancestors);
            return found == null;
        });
        return found;
    }

    private static StatementSite? SiteIn(NodeList<Stmt> list, Pos opener, Pos closer, Node n, IReadOnlyList<Node> ancestors)
    {
        for (var i = 0; i < list.Count; i++)
        {
            // The statement itself, or one that holds n in its own expressions (not in a nested statement list).
            if (!ReferenceEquals(list[i], n) && !(list[i] is AssignStmt or ExprStmt or DeferStmt or GoStmt or SendStmt && Within(n, list[i]))) continue;
            var follower = i + 1 < list.Count ? list[i + 1].Pos() : closer;
            return new StatementSite(list, i, follower, opener, ancestors.Any(a => a is ForStmt or RangeStmt));
        }
        return null;
    }

    /// <summary>What follows a clause's last statement: the next clause, or the switch's closing brace.</summary>
    private static Pos FollowerOfClause(Stmt clause, IReadOnlyList<Node> ancestors)
    {
        if (ancestors.Count == 0 || ancestors[^1] is not BlockStmt body) return Pos.NoPos;
        var i = body.List.IndexOf(clause);
        return i < 0 ? Pos.NoPos : i + 1 < body.List.Count ? body.List[i + 1].Pos() : body.Rbrace;
    }

    private static bool Within(Node n, Node outer) => n.Pos().Value >= outer.Pos().Value && n.End().Value <= outer.End().Value;

    /// <summary>
    /// The `if err != nil { ...; return }` right after the site's statement, testing <paramref name="err"/> (the
    /// error its call assigned), with no init and no else, whose body ends in a return or a panic: after it the
    /// call succeeded. Null for any other shape (the error checked later, or not at all).
    /// </summary>
    public static IfStmt? ErrorCheckAfter(Pass pass, StatementSite site, GoObject err)
    {
        if (site.Index + 1 >= site.List.Count || site.List[site.Index + 1] is not IfStmt { Init: null, Else: null } check) return null;
        if (Expr.Unparen(check.Cond) is not BinaryExpr { Op: Token.Neq } cond) return null;
        var (x, y) = (Expr.Unparen(cond.X), Expr.Unparen(cond.Y));
        if (x is not Ident errId || !ReferenceEquals(pass.Info.ObjectOf(errId), err) || y is not Ident { Name: "nil" } nil || pass.Info.ObjectOf(nil) is not Nil) return null;
        return check.Body.List.Count > 0 && Leaves(pass, check.Body.List[^1]) ? check : null;
    }

    private static bool Leaves(Pass pass, Stmt s) =>
        s is ReturnStmt || s is ExprStmt { X: CallExpr call } && Semantics.Checking.Calls.BuiltinName(pass.Info, call) == "panic";

    /// <summary>Whether the site's statement begins its line and <paramref name="last"/> (it, or a statement
    /// after it in the same list) ends its own: the lines between can take a whole line above or below.</summary>
    private static bool OwnsItsLines(Pass pass, StatementSite site, Stmt last)
    {
        var lastIndex = site.List.IndexOf(last);
        if (lastIndex < 0) return false;
        var before = site.Index > 0 ? site.List[site.Index - 1].End() : site.Opener;
        var after = lastIndex + 1 < site.List.Count ? site.List[lastIndex + 1].Pos() : site.Follower;
        if (!before.IsValid || !after.IsValid) return false;
        return Line(pass, before) < Line(pass, site.Stmt.Pos()) && Line(pass, last.End()) < Line(pass, after);
    }

    private static int Line(Pass pass, Pos p) => pass.FileSet.Position(p).Line;

    /// <summary>gofmt's indentation of the site's statement: one tab per column before it.</summary>
    private static string Indent(Pass pass, StatementSite site) => new('\t', Math.Max(0, pass.FileSet.Position(site.Stmt.Pos()).Column - 1));

    /// <summary>An edit inserting <paramref name="code"/> as a line of its own after <paramref name="after"/> (the
    /// site's statement or one after it in the same list), indented as the site's statement; null when the
    /// statements do not own their lines.</summary>
    public static TextEdit? InsertLineAfter(Pass pass, StatementSite site, Stmt after, string code)
    {
        if (!OwnsItsLines(pass, site, after)) return null;
        var lastIndex = site.List.IndexOf(after);
        var below = lastIndex + 1 < site.List.Count ? site.List[lastIndex + 1].Pos() : site.Follower;
        if (SplitsAlignedComments(pass, after.Pos(), after.End(), below)) return null;
        var file = pass.FileSet.Position(after.End()).Filename;
        var line = Line(pass, after.End()) + 1;
        return new TextEdit(new SourceSpan(file, line, 1, line, 1), Indent(pass, site) + code + "\n");
    }

    /// <summary>An edit inserting <paramref name="code"/> as a line of its own before the site's statement.</summary>
    public static TextEdit? InsertLineBefore(Pass pass, StatementSite site, string code)
    {
        if (!OwnsItsLines(pass, site, site.Stmt)) return null;
        var above = site.Index > 0 ? site.List[site.Index - 1] : null;
        if (above != null && SplitsAlignedComments(pass, above.Pos(), above.End(), site.Stmt.Pos())) return null;
        var p = pass.FileSet.Position(site.Stmt.Pos());
        return new TextEdit(new SourceSpan(p.Filename, p.Line, 1, p.Line, 1), Indent(pass, site) + code + "\n");
    }

    /// <summary>
    /// gofmt aligns the trailing comments of consecutive lines; a line without one inserted between two such lines
    /// splits the block, and gofmt would then pad both comments anew. Whether the code from <paramref name="aboveStart"/>
    /// to <paramref name="aboveEnd"/> ends its line with a comment, and so does the line right below it that
    /// <paramref name="below"/> starts.
    /// </summary>
    private static bool SplitsAlignedComments(Pass pass, Pos aboveStart, Pos aboveEnd, Pos below)
    {
        if (!below.IsValid) return false;
        var aboveLine = Line(pass, aboveEnd);
        var belowLine = Line(pass, below);
        return belowLine == aboveLine + 1 && CommentAfter(pass, aboveEnd, aboveLine) && CommentAfter(pass, below, belowLine);
    }

    /// <summary>Whether a comment starts on <paramref name="line"/> after the code at <paramref name="code"/>.</summary>
    private static bool CommentAfter(Pass pass, Pos code, int line)
    {
        foreach (var file in pass.Files)
        {
            if (code.Value < file.File.FileStart.Value || code.Value > file.File.FileEnd.Value) continue;
            foreach (var group in file.File.Comments)
                foreach (var c in group.List)
                    if (c.Slash.Value >= code.Value && Line(pass, c.Slash) == line) return true;
        }
        return false;
    }

    /// <summary>An edit replacing the text of <paramref name="n"/>.</summary>
    public static TextEdit Replace(Pass pass, Node n, string text) => new(pass.Span(n), text);

    /// <summary>
    /// The gofmt text of a simple expression (names, selectors, literals, one binary operator between such
    /// operands, parentheses) for a fix to repeat; null for anything else, where spacing or evaluation would
    /// be a guess.
    /// </summary>
    public static string? SimpleText(Expr e, bool allowBinary = true) => e switch
    {
        Ident id => id.Name,
        BasicLit lit => lit.Value,
        SelectorExpr s when SimpleText(s.X, false) is { } x && s.X is Ident or SelectorExpr => x + "." + s.Sel.Name,
        ParenExpr p when SimpleText(p.X) is { } inner => "(" + inner + ")",
        BinaryExpr b when allowBinary && TokenText(b.Op) is { } op && SimpleText(b.X, false) is { } x && SimpleText(b.Y, false) is { } y => $"{x} {op} {y}",
        _ => null,
    };

    private static string? TokenText(Token t) => t switch
    {
        Token.Add => "+", Token.Sub => "-", Token.Mul => "*", Token.Quo => "/", Token.Rem => "%",
        Token.Shl => "<<", Token.Shr => ">>", Token.And => "&", Token.Or => "|", Token.Xor => "^",
        _ => null,
    };

    /// <summary>Whether any identifier of the function (its literals included) is named <paramref name="name"/>:
    /// a fix may then declare that name without shadowing or clashing.</summary>
    public static bool NameUnused(FunctionBody fn, string name) =>
        !Walker.Any(fn.Function, n => n is Ident id && id.Name == name);
}
