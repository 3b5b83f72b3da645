using LeakFinder.Syntax;

namespace LeakFinder.Semantics.Loading;

/// <summary>One import path that nothing answered for (std, main module, vendor/, module cache, replace, GOPATH).</summary>
/// <param name="Reason">Why, in the go command's words ("module x@v1.0.0 is not in the module cache").</param>
/// <param name="ImportedAt">The first import spec naming it, in the first importing package in load order.</param>
public sealed record UnresolvedImport(string Path, string Reason, Position ImportedAt);

/// <summary>
/// The distinct packages imported by a set of packages and the source dependencies reachable from them, and which
/// of those stayed unresolved. An unresolved package's members have invalid types, so every expression built from
/// them is unknown to the rules: a check with unresolved imports is partial, and must say so.
/// </summary>
public sealed record ImportCoverage(IReadOnlySet<string> Imported, IReadOnlyList<UnresolvedImport> Unresolved)
{
    public static ImportCoverage Empty { get; } = new(new HashSet<string>(), []);

    /// <summary>Walks from the roots through their source imports; "C" (cgo) is not a package and is not counted.</summary>
    public static ImportCoverage Of(IEnumerable<LoadedPackage> roots)
    {
        var imported = new HashSet<string>(StringComparer.Ordinal);
        var unresolved = new Dictionary<string, UnresolvedImport>(StringComparer.Ordinal);
        var seen = new HashSet<LoadedPackage>(ReferenceEqualityComparer.Instance);
        var work = new Stack<LoadedPackage>(roots.Reverse());
        while (work.TryPop(out var pkg))
        {
            if (!seen.Add(pkg)) continue;
            foreach (var imp in pkg.Imports)
            {
                if (imp.Kind == ImportKind.Cgo) continue;
                imported.Add(imp.ResolvedPath);
                if (imp.Kind == ImportKind.Unknown) unresolved.TryAdd(imp.ResolvedPath, new UnresolvedImport(imp.ResolvedPath, imp.Reason, imp.Position));
                if (imp.Package != null) work.Push(imp.Package);
            }
        }
        return new ImportCoverage(imported, unresolved.Values.OrderBy(u => u.Path, StringComparer.Ordinal).ToList());
    }

    /// <summary>Both coverages together (a check loads each module of its patterns separately).</summary>
    public ImportCoverage Union(ImportCoverage other)
    {
        var imported = new HashSet<string>(Imported, StringComparer.Ordinal);
        imported.UnionWith(other.Imported);
        var unresolved = Unresolved.Concat(other.Unresolved).DistinctBy(u => u.Path).OrderBy(u => u.Path, StringComparer.Ordinal).ToList();
        return new ImportCoverage(imported, unresolved);
    }
}
