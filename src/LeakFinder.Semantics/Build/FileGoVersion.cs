using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Build;

/// <summary>
/// The Go version a file's `//go:build` line implies (go/build/constraint.GoVersion, which go/types uses as the
/// file's language version): `//go:build go1.23` or `go1.23 && linux` means the file only builds with Go 1.23
/// or newer, so its code runs under 1.23 semantics whatever go.mod says.
/// </summary>
public static class FileGoVersion
{
    /// <summary>The version the file's //go:build line requires, or null when it requires none.</summary>
    public static GoVersion? Of(Syntax.Ast.File file)
    {
        foreach (var group in file.Comments)
        {
            // Build constraints sit before the package clause.
            if (group.Pos() >= file.Package) break;
            foreach (var c in group.List)
                if (Constraint.IsGoBuild(c.Text) && Constraint.Parse(c.Text, out _) is { } expr) return MinimumVersion(expr);
        }
        return null;
    }

    /// <summary>The lowest go1.N every satisfying assignment needs: a tag goX.Y, the newer of an &amp;&amp;'s sides,
    /// the older of an ||'s (both must need it), nothing through a negation.</summary>
    public static GoVersion? MinimumVersion(Constraint c) => c switch
    {
        Constraint.Tag t when t.Name.StartsWith("go1.", StringComparison.Ordinal) => GoVersion.Parse(t.Name),
        Constraint.And a => Max(MinimumVersion(a.X), MinimumVersion(a.Y)),
        Constraint.Or o => MinimumVersion(o.X) is { } x && MinimumVersion(o.Y) is { } y ? (x < y ? x : y) : null,
        _ => null,
    };

    private static GoVersion? Max(GoVersion? a, GoVersion? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
