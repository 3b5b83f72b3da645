namespace LeakFinder.Semantics.Build;

/// <summary>What the classifier needs to know of one .go file of a directory (after it is read and parsed).</summary>
public readonly record struct FileFacts(string Name, FileSelection Selection, string PackageName, bool ImportsC, string? ParseError);

/// <summary>
/// A directory's .go files sorted into go/build's lists (GoFiles, CgoFiles, TestGoFiles, XTestGoFiles,
/// IgnoredGoFiles, InvalidGoFiles), with go/build's rules: `package documentation` files are ignored, a
/// _test.go file whose package is the directory's name plus _test is an external test, cgo files count
/// only when cgo is enabled, and a file of a second package name is reported (and kept, as go/build does).
/// </summary>
public sealed class PackageFiles
{
    public string Name { get; private set; } = "";
    public List<string> GoFiles { get; } = [];
    public List<string> CgoFiles { get; } = [];
    public List<string> TestGoFiles { get; } = [];
    public List<string> XTestGoFiles { get; } = [];
    public List<string> IgnoredGoFiles { get; } = [];
    /// <summary>Files with an error (bad header, syntax error, second package name); some also appear in a list above.</summary>
    public List<(string File, string Error)> InvalidGoFiles { get; } = [];

    /// <summary>Classifies files given in directory order (sorted by name, as os.ReadDir returns them).</summary>
    public static PackageFiles Classify(IEnumerable<FileFacts> files, BuildContext context)
    {
        var p = new PackageFiles();
        var firstFile = "";
        foreach (var f in files)
        {
            if (f.Selection.Error != null)
            {
                p.InvalidGoFiles.Add((f.Name, f.Selection.Error));
                continue;
            }
            if (!f.Selection.IsIncluded)
            {
                if (!f.Selection.IsHidden) p.IgnoredGoFiles.Add(f.Name);
                continue;
            }
            if (f.ParseError != null) p.InvalidGoFiles.Add((f.Name, f.ParseError)); // still listed, as go/build does

            var pkg = f.PackageName;
            if (pkg == "documentation")
            {
                p.IgnoredGoFiles.Add(f.Name);
                continue;
            }
            var isTest = f.Name.EndsWith("_test.go", StringComparison.Ordinal);
            var isXTest = false;
            if (isTest && pkg.EndsWith("_test", StringComparison.Ordinal) && p.Name != pkg)
            {
                isXTest = true;
                pkg = pkg[..^"_test".Length];
            }
            if (p.Name.Length == 0)
            {
                p.Name = pkg;
                firstFile = f.Name;
            }
            else if (pkg != p.Name)
            {
                p.InvalidGoFiles.Add((f.Name, $"found packages {p.Name} ({firstFile}) and {pkg} ({f.Name})"));
            }

            var isCgo = false;
            if (f.ImportsC)
            {
                if (isTest) p.InvalidGoFiles.Add((f.Name, "use of cgo in test " + f.Name + " not supported"));
                else isCgo = true;
            }
            var list = isCgo ? (context.CgoEnabled ? p.CgoFiles : p.IgnoredGoFiles)
                : isXTest ? p.XTestGoFiles
                : isTest ? p.TestGoFiles
                : p.GoFiles;
            list.Add(f.Name);
        }
        return p;
    }
}
