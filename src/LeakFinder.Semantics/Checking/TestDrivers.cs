using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

/// <summary>Functions that drive a test: go test's entry points (by name, as go test finds them) and functions taking
/// the testing handle (helpers that fail the test and return). Their code runs in a fixed order the test chose.</summary>
public static class TestDrivers
{
    private static readonly string[] Prefixes = ["Test", "Benchmark", "Fuzz", "Example"];
    private static readonly HashSet<string> TestingTypes = new(StringComparer.Ordinal) { "T", "B", "F", "M", "TB" };

    public static bool Is(FuncDecl fd)
    {
        if (fd.Recv == null && Prefixes.Any(prefix => fd.Name.Name.StartsWith(prefix, StringComparison.Ordinal))) return true;
        foreach (var field in fd.Type.Params.List)
        {
            var type = field.Type is StarExpr star ? star.X : field.Type;
            if (type is SelectorExpr { X: Ident { Name: "testing" } } sel && TestingTypes.Contains(sel.Sel.Name)) return true;
        }
        return false;
    }
}
