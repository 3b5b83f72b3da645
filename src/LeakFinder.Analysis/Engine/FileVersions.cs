using LeakFinder.Semantics;
using LeakFinder.Semantics.Loading;
using LeakFinder.Syntax;

namespace LeakFinder.Analysis.Engine;

/// <summary>The Go version the code of each file of a package runs under (<see cref="LanguageVersion.ForFile"/>),
/// read from the file's //go:build line on first request.</summary>
public sealed class FileVersions(AnalysisPackage package)
{
    public static readonly PackageAnalysis<FileVersions> Analysis =
        new("file-versions", "the Go version each file's code runs under", pass => new FileVersions(pass.Package));

    private readonly Dictionary<Syntax.Ast.File, GoVersion?> _versions = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    /// <summary>The version at a position: its file's, or the package's when no file holds it.</summary>
    public GoVersion? At(Pos pos)
    {
        foreach (var f in package.Files)
        {
            var file = f.File;
            if (pos < file.FileStart || pos > file.FileEnd) continue;
            lock (_gate)
            {
                if (!_versions.TryGetValue(file, out var v)) _versions[file] = v = LanguageVersion.ForFile(package.GoVersion, file);
                return v;
            }
        }
        return package.GoVersion;
    }
}
