using LeakFinder.Semantics.Loading;

namespace LeakFinder.Analysis.Pipeline;

/// <summary>An imported package that was not found; File/Line/Column are where it is first imported.</summary>
public sealed record UnresolvedDependency(string Path, string Reason, string File, int Line, int Column);

/// <summary>
/// How complete the check's view of its dependencies was: the distinct packages the checked packages import
/// (with their source dependencies) and the ones that stayed unresolved. Code using an unresolved package has
/// unknown types, on which rules stay silent, so findings may be missing: every output says so.
/// </summary>
public sealed record DependencyReport(int Imported, IReadOnlyList<UnresolvedDependency> Unresolved, string Remedy)
{
    public static DependencyReport Complete { get; } = new(0, [], "");

    public bool IsPartial => Unresolved.Count > 0;

    internal static DependencyReport From(ImportCoverage coverage, string remedy) => new(
        coverage.Imported.Count,
        coverage.Unresolved.Select(u => new UnresolvedDependency(u.Path, u.Reason, u.ImportedAt.Filename, u.ImportedAt.Line, u.ImportedAt.Column)).ToList(),
        remedy);
}
