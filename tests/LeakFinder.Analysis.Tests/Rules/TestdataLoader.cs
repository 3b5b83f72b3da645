using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;
using GoPackage = LeakFinder.Semantics.Types.Package;

namespace LeakFinder.Analysis.Tests.Rules;

/// <summary>
/// Loads the Go packages of one testdata directory without Go: each subdirectory is a package with import
/// path "example.com/&lt;subdir&gt;", parsed with LeakFinder's parser and checked with std from the embedded API
/// model; imports among them are checked from source on first use. A go.mod in a package's directory gives
/// its `go` version. A module outside std (golang.org/x/sys/unix) is a stub under vendor/&lt;import path&gt;/.
/// </summary>
public sealed class TestdataLoader
{
    public const string PathPrefix = "example.com/";

    private readonly string _root;
    private readonly FileSet _fset = new();
    private readonly Dictionary<string, AnalysisPackage> _checked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _checking = new(StringComparer.Ordinal);
    private readonly StdModelImporter _importer;

    public TestdataLoader(string root)
    {
        _root = root;
        _importer = new StdModelImporter(StdApiModel.Default.For(GoVersion.Latest), ImportFromSource);
    }

    public List<string> Errors { get; } = [];

    public IReadOnlyList<AnalysisPackage> LoadAll()
    {
        foreach (var dir in Directory.GetDirectories(_root).Order(StringComparer.Ordinal))
            if (Path.GetFileName(dir) != "vendor") Load(PathPrefix + Path.GetFileName(dir));
        return _checked.Values.ToList();
    }

    private GoPackage? ImportFromSource(string path) => Load(path)?.Checked.Package;

    private AnalysisPackage? Load(string importPath)
    {
        if (_checked.TryGetValue(importPath, out var done)) return done;
        var dir = importPath.StartsWith(PathPrefix, StringComparison.Ordinal)
            ? Path.Combine(_root, importPath[PathPrefix.Length..])
            : Path.Combine(_root, "vendor", importPath);
        if (!Directory.Exists(dir) || !_checking.Add(importPath)) return null;
        var files = new List<ParseResult>();
        foreach (var file in Directory.GetFiles(dir, "*.go").Order(StringComparer.Ordinal))
        {
            var parsed = Parser.ParseFile(_fset, file, File.ReadAllBytes(file), ParserMode.ParseComments);
            foreach (var e in parsed.Errors) Errors.Add(e.ToString());
            files.Add(parsed);
        }
        var goMod = Path.Combine(dir, "go.mod");
        var version = File.Exists(goMod) ? ModFile.Read(goMod).Go : null;
        var checkedPkg = Checker.Check(importPath, files.Select(f => f.File).ToList(), _importer);
        var pkg = new AnalysisPackage(checkedPkg, files, _fset, version);
        _checked[importPath] = pkg;
        return pkg;
    }
}
