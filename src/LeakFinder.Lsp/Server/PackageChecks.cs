using System.Text;
using LeakFinder.Analysis;
using LeakFinder.Check;
using LeakFinder.Check.Pipeline;

namespace LeakFinder.Lsp.Server;

/// <summary>
/// Runs `leakfinder check` on one package directory with the open buffers overlaid on the files on disk,
/// as `leakfinder check` run in that directory would (same .leakfinder.yml discovery, suppressions, severities).
/// </summary>
public static class PackageChecks
{
    public static CheckResult Run(string packageDir, IReadOnlyList<OpenDocument> open)
    {
        var overlay = open.ToDictionary(d => d.Path, d => Encoding.UTF8.GetBytes(d.Text), StringComparer.Ordinal);
        return CheckRunner.Run(new CheckOptions
        {
            WorkDir = packageDir,
            Patterns = ["."],
            // A test file being edited is only analysed with the package's tests loaded.
            Tests = open.Any(d => Path.GetDirectoryName(d.Path) == packageDir && d.Path.EndsWith("_test.go", StringComparison.Ordinal)),
            Overlay = overlay,
        });
    }

    /// <summary>The findings of the check that lie in <paramref name="path"/>, in file order.</summary>
    public static IEnumerable<Diagnostic> In(CheckResult result, string packageDir, string path) =>
        result.Findings.Where(d => Path.GetFullPath(d.Span.File, packageDir) == path);
}
