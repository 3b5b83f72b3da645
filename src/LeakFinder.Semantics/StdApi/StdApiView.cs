using LeakFinder.Semantics.Types;

namespace LeakFinder.Semantics.StdApi;

/// <summary>
/// std as seen by one Go version and build context: imports build packages from their API records on
/// first use and cache them. Thread-safe: loaders of several packages may import in parallel.
/// </summary>
public sealed class StdApiView
{
    private readonly Func<StdApiModel> _modelSource;
    private StdApiModel _model => _modelSource();
    private readonly Dictionary<string, Package?> _packages = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private Dictionary<string, List<string>>? _pathsByName;

    internal StdApiView(Func<StdApiModel> model, GoVersion version, string context)
    {
        _modelSource = model;
        Version = version;
        Context = context;
    }

    private readonly List<string> _problems = [];

    public GoVersion Version { get; }

    /// <summary>API records this view could not read (their elements have invalid type); empty when all is well.</summary>
    public IReadOnlyList<string> Problems { get { lock (_lock) return _problems.ToList(); } }

    internal void ReportProblem(string message)
    {
        lock (_lock) _problems.Add(message);
    }
    public string Context { get; }

    /// <summary>True when std at this version has the package (e.g. "slices" only from go1.21).</summary>
    public bool HasPackage(string path) => VisibleRecords(path).Count > 0;

    /// <summary>The package built from its records, or null when std at this version has no such package.</summary>
    public Package? Import(string path)
    {
        lock (_lock)
        {
            if (_packages.TryGetValue(path, out var cached)) return cached;
            var records = VisibleRecords(path);
            if (records.Count == 0)
            {
                _packages[path] = null;
                return null;
            }
            var pkg = new Package(path, PackageNameOf(path), isStandard: true);
            // Registered before it is filled so that packages whose records refer to each other resolve.
            _packages[path] = pkg;
            new StdApiPackageBuilder(this, pkg, records).Build();
            return pkg;
        }
    }

    internal List<ApiRecord> VisibleRecords(string path)
    {
        var visible = new List<ApiRecord>();
        if (Version.Major != 1) return visible;
        visible.AddRange(_model.RecordsOf(path, Version.Minor, Context));
        return visible;
    }

    /// <summary>
    /// Records qualify types by package name ("fs.FileInfo"), not path: find the std package with that
    /// name that declares the type, preferring the one closest to the referring package in the tree.
    /// </summary>
    internal Package? ResolvePackageName(string name, string typeName, string fromPath)
    {
        _pathsByName ??= BuildNameIndex();
        if (!_pathsByName.TryGetValue(name, out var paths)) return null;
        Package? best = null;
        var bestScore = int.MinValue;
        foreach (var path in paths)
        {
            if (path == fromPath) continue; // a package never qualifies its own names
            var pkg = Import(path);
            if (pkg?.Scope.LookupLocal(typeName) is not TypeName) continue;
            var score = CommonPrefixLength(path, fromPath) * 1000 - path.Length;
            if (score > bestScore)
            {
                best = pkg;
                bestScore = score;
            }
        }
        return best;
    }

    private readonly Dictionary<(string, string), NamedType> _opaqueExternal = [];

    /// <summary>
    /// A type of a package the records do not describe (std's internal packages, e.g. jsonopts.Options):
    /// known by name, opaque inside, in an unknown package so rules treat it as "don't know".
    /// </summary>
    internal NamedType OpaqueExternal(string pkgName, string typeName)
    {
        lock (_lock)
        {
            if (_opaqueExternal.TryGetValue((pkgName, typeName), out var t)) return t;
            var owner = new Package(pkgName, pkgName, isUnknown: true);
            var obj = new TypeName(typeName, owner, 0);
            t = new NamedType(obj);
            obj.SetType(t);
            return _opaqueExternal[(pkgName, typeName)] = t;
        }
    }

    private Dictionary<string, List<string>> BuildNameIndex()
    {
        var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in _model.PackagePaths)
        {
            var name = PackageNameOf(path);
            if (!index.TryGetValue(name, out var list)) index[name] = list = [];
            list.Add(path);
        }
        return index;
    }

    /// <summary>The package name std uses for a path: the last element, or the one before a major-version suffix (math/rand/v2 → rand).</summary>
    public static string PackageNameOf(string path)
    {
        var parts = path.Split('/');
        var last = parts[^1];
        if (parts.Length > 1 && last.Length > 1 && last[0] == 'v' && last[1..].All(char.IsAsciiDigit)) return parts[^2];
        return last;
    }

    private static int CommonPrefixLength(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }
}
