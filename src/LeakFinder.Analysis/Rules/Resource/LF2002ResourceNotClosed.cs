using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Resource;

/// <summary>
/// LF2002: a file, network connection or listener, sql.Rows, sql.Stmt, sql.Conn, os/exec pipe not closed, or
/// an sql.Tx neither committed nor rolled back, on some path. Docs: docs/rules/LF2002.md.
/// </summary>
public sealed class LF2002ResourceNotClosed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF2002", "resource-not-closed", RuleCategory.ResourceLeak, Severity.Error,
        "File, connection, rows, transaction or pipe not released")
    {
        Since = "0.1",
        Summary = "files, conns, listeners, sql rows/tx, exec pipes not closed on every path",
    };

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, ResourceKinds.Closers, leak => leak.Kind != ResourceKinds.IoPipe || OtherEndInGoroutine(pass, leak));

    /// <summary>
    /// An io.Pipe end matters only when somebody waits on the other one: a goroutine of the function that
    /// mentions the other end (`go func() { pw.Write(b) }()`) blocks for ever once this end is dropped. Both ends
    /// unused by goroutines are garbage like any other value.
    /// </summary>
    private static bool OtherEndInGoroutine(Pass pass, Leak leak)
    {
        AssignStmt? def = null;
        Node? function = null;
        foreach (var file in pass.Files)
            Syntax.Ast.Walker.InspectWithAncestors(file.File, (n, ancestors) =>
            {
                if (def != null) return false;
                if (n is AssignStmt { Lhs.Count: 2, Rhs: [var rhs] } a && ReferenceEquals(Syntax.Ast.Expr.Unparen(rhs), leak.Acquire))
                {
                    def = a;
                    function = ancestors.LastOrDefault(x => x is FuncDecl or FuncLit);
                }
                return true;
            });
        if (def == null || function == null) return false;
        var other = def.Lhs.Select(l => Syntax.Ast.Expr.Unparen(l) is Ident id && id.Name != leak.Variable && id.Name != "_" ? pass.Info.ObjectOf(id) : null).OfType<Semantics.Types.Var>().FirstOrDefault();
        // A goroutine started before the exit the leak is reported at (by position: a go statement after it has not run).
        var exit = leak.Exit?.Pos().Value ?? function.End().Value;
        return other != null && Syntax.Ast.Walker.Any(function, n => n is GoStmt go && go.Pos().Value < exit
                                                                     && Syntax.Ast.Walker.Any(go, m => m is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), other)));
    }
}
