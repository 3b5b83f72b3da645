using LeakFinder.Semantics.Build;

namespace LeakFinder.Semantics.Loading;

/// <summary>
/// The one place that decides which Go version code is read under (language rules, std API, version-dependent
/// leaks): for a whole load, for one package, and for the code of one file.
/// </summary>
public static class LanguageVersion
{
    /// <summary>The version a load is checked under: the first override that is set (a command-line flag, then
    /// the configuration), else the newest `go` line among the root packages' modules; null when nothing says.</summary>
    public static GoVersion? ForLoad(IEnumerable<LoadedPackage> roots, params GoVersion?[] overrides)
    {
        foreach (var v in overrides)
            if (v != null) return v;
        return roots.Select(r => r.Module?.Go).Where(g => g != null).DefaultIfEmpty(null).Max();
    }

    /// <summary>One package's version: its own module's `go` line, else the load's.</summary>
    public static GoVersion? ForPackage(LoadedPackage package, GoVersion? load) => package.Module?.Go ?? load;

    /// <summary>The version the code of a file runs under: its package's, or newer when the file's `//go:build`
    /// line requires a newer one (go1.23 &amp;&amp; linux), as go/types takes a file's version.</summary>
    public static GoVersion? ForFile(GoVersion? package, Syntax.Ast.File file) =>
        FileGoVersion.Of(file) is { } own && (package is not { } p || own > p) ? own : package;
}
