using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules;

/// <summary>Code that sync.Once runs: it runs once per Once, however often the function around it is called.</summary>
public static class Once
{
    /// <summary><see cref="Functions"/> of a package's files, found once for the rules that skip what runs once (LF6002, LF6003, LF7004).</summary>
    public static readonly PackageAnalysis<IReadOnlySet<GoObject>> FunctionsAnalysis =
        new("once-functions", "the functions handed by name to (*sync.Once).Do",
            pass => pass.ResultOf(UsedFunctions.Analysis).Contains("(*sync.Once).Do") ? Functions(pass.Info, pass.Package.Files.Select(f => f.File)) : new HashSet<GoObject>(),
            UsedFunctions.Analysis);

    /// <summary>Whether the innermost-last <paramref name="ancestors"/> put the node inside a function literal
    /// handed to (*sync.Once).Do.</summary>
    public static bool Encloses(TypeInfo info, IReadOnlyList<Node> ancestors)
    {
        for (var i = ancestors.Count - 1; i > 0; i--)
            if (ancestors[i] is FuncLit lit && ancestors[i - 1] is CallExpr call && call.Args.Contains(lit)
                && Calls.Callee(info, call)?.FullName == "(*sync.Once).Do")
                return true;
        return false;
    }

    /// <summary>The functions handed by name to (*sync.Once).Do in these files (`once.Do(updateDate)`).</summary>
    public static HashSet<GoObject> Functions(TypeInfo info, IEnumerable<LeakFinder.Syntax.Ast.File> files)
    {
        var found = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        foreach (var file in files)
            info.Nodes.Inspect(file, NodeKinds.CallExpr, n =>
            {
                if (n is CallExpr call && Calls.Callee(info, call)?.FullName == "(*sync.Once).Do")
                    foreach (var arg in call.Args)
                        if (Expr.Unparen(arg) switch { Ident id => info.ObjectOf(id), SelectorExpr sel => info.ObjectOf(sel.Sel), _ => null } is Func f)
                            found.Add(f);
                return true;
            });
        return found;
    }
}
