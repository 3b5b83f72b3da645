using LeakFinder.Semantics.Types;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// Whether another package can name a declaration: it is exported, its package can be imported (not `main`), and it
/// is not declared in a `_test.go` file. A type a test file declares (a fake, a bug's reproduction) and a command's
/// types are the package's own, exported names or not, so the rules that leave exported fields and functions alone
/// (other packages may serve, close or call them) judge these like unexported ones.
/// </summary>
public sealed class Visibility
{
    public static readonly PackageAnalysis<Visibility> Analysis =
        new("visibility", "whether other packages can name a declaration (exported, importable, not in a test file)", pass => new Visibility(pass.Package));

    private readonly bool _command;
    private readonly (int Start, int End)[] _testFiles;
    private readonly Package _package;

    private Visibility(AnalysisPackage package)
    {
        _command = package.Checked.Package.Name == "main";
        _package = package.Checked.Package;
        _testFiles = package.Files.Where(f => f.TokenFile.Name.EndsWith("_test.go", StringComparison.Ordinal))
            .Select(f => (f.File.FileStart.Value, f.File.FileEnd.Value)).ToArray();
    }

    /// <summary>Another package can name the object (a type, function, method or field, by its own position). An
    /// object of another package is judged by its name alone.</summary>
    public bool Outside(GoObject o) =>
        o.Name.Length > 0 && char.IsUpper(o.Name[0]) && (!ReferenceEquals(o.Pkg, _package) || !_command && !InTestFile(o.Pos));

    /// <summary>Another package can name the member of a class (`Server.reqCh`, `Conn.in.Mutex`): the member (the first
    /// segment after the type, or the last with <paramref name="last"/>) is exported and the type, when this package
    /// declares it with that field, is visible.</summary>
    public bool Outside(string cls, bool last = false)
    {
        var dot = last ? cls.LastIndexOf('.') : cls.IndexOf('.');
        if (dot < 0 || dot + 1 >= cls.Length || !char.IsUpper(cls[dot + 1])) return false;
        var first = cls.IndexOf('.');
        var end = cls.IndexOf('.', first + 1);
        var field = end < 0 ? cls[(first + 1)..] : cls[(first + 1)..end];
        // A class names its type without its package: only a type of ours with that field is ours (time.Timer's C is not).
        var local = _package.Scope.LookupLocal(cls[..first]) is TypeName { Type.Underlying: StructType st } type && st.Fields.Any(f => f.Name == field) ? type : null;
        return local == null || !_command && !InTestFile(local.Pos);
    }

    private bool InTestFile(int pos)
    {
        foreach (var (start, end) in _testFiles)
            if (pos >= start && pos <= end) return true;
        return false;
    }
}
