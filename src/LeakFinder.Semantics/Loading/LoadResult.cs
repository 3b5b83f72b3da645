using LeakFinder.Semantics.Build;
using LeakFinder.Syntax;

namespace LeakFinder.Semantics.Loading;

/// <summary>
/// What a load produced: packages in dependency order (imports before importers, so a checker can go
/// bottom-up), the packages the patterns matched, import cycles, and load-level errors (bad go.mod, a
/// pattern that matched nothing). All files share <see cref="FileSet"/>.
/// </summary>
public sealed class LoadResult(ModuleSetup setup, BuildContext context, FileSet fileSet, List<LoadedPackage> packages,
    List<IReadOnlyList<string>> cycles, List<string> errors, List<string>? warnings = null)
{
    private readonly Dictionary<string, LoadedPackage> _byPath = packages.ToDictionary(p => p.ImportPath, StringComparer.Ordinal);

    public ModuleSetup Setup { get; } = setup;
    public LoadMode Mode => Setup.Mode;
    public BuildContext Context { get; } = context;
    public FileSet FileSet { get; } = fileSet;
    public IReadOnlyList<LoadedPackage> Packages { get; } = packages;
    public IReadOnlyList<LoadedPackage> Roots { get; } = packages.Where(p => p.IsRoot).ToList();
    /// <summary>Each cycle as the import paths along it (the first imports the second ... the last imports the first).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles { get; } = cycles;
    public IReadOnlyList<string> Errors { get; } = errors;
    /// <summary>What the load left out without failing: files outside a module's root reached through symbolic links.</summary>
    public IReadOnlyList<string> Warnings { get; } = warnings ?? [];

    public LoadedPackage? Find(string importPath) => _byPath.GetValueOrDefault(importPath);
}
