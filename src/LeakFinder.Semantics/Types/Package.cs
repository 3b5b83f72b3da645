namespace LeakFinder.Semantics.Types;

/// <summary>
/// A package: its import path, name and package scope. Unknown packages (imports that cannot be found)
/// have <see cref="IsUnknown"/> set: every member lookup yields an object of invalid type, so rules
/// read "don't know" instead of reporting from missing information.
/// </summary>
public sealed class Package(string path, string name, bool isUnknown = false, bool isStandard = false)
{
    public string Path { get; } = path;
    public string Name { get; } = name;
    public bool IsUnknown { get; } = isUnknown;

    /// <summary>A package of Go's standard library (from the std API model or GOROOT/src), as the loader
    /// decided; never guessed from the path, since a module may be named without a dot ("myservice").</summary>
    public bool IsStandard { get; } = isStandard;
    public Scope Scope { get; } = new(Universe.Scope, "package " + path);
    public override string ToString() => $"package {Name} (\"{Path}\")";
}

/// <summary>A lexical scope: universe, package, file, function or block. Lookups walk outwards.</summary>
public sealed class Scope(Scope? parent, string comment)
{
    private static readonly Dictionary<string, GoObject> NoNames = new(StringComparer.Ordinal);
    // Made on the first insert: most block scopes (an if's body, a case's) declare nothing, and an empty
    // dictionary is 80 bytes (3 MiB in a file of 200k lines).
    private Dictionary<string, GoObject>? _names;

    public Scope? Parent { get; } = parent;
    public string Comment { get; } = comment;
    public IReadOnlyDictionary<string, GoObject> Names => _names ?? NoNames;

    /// <summary>Inserts obj unless the name is taken here; returns the object already there, else null.</summary>
    public GoObject? Insert(GoObject obj)
    {
        _names ??= new Dictionary<string, GoObject>(StringComparer.Ordinal);
        if (_names.TryGetValue(obj.Name, out var existing)) return existing;
        _names[obj.Name] = obj;
        return null;
    }

    public GoObject? LookupLocal(string name) => _names?.GetValueOrDefault(name);

    public GoObject? Lookup(string name)
    {
        for (var s = this; s != null; s = s.Parent)
            if (s._names != null && s._names.TryGetValue(name, out var obj)) return obj;
        return null;
    }
}
