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

    // Nothing until the first insert: most block scopes (an if's body, a case's) declare nothing. Then an array of
    // up to SmallNames objects in the order inserted (null after the last; each is found by its own name), and a
    // dictionary beyond that or once Names is asked (a package's scope): a function's scope of a few names as a
    // dictionary was ~300 bytes against ~90, and block scopes are a tenth of a large file's type information.
    private object? _names;
    private const int SmallNames = 8;

    public Scope? Parent { get; } = parent;
    public string Comment { get; } = comment;

    public IReadOnlyDictionary<string, GoObject> Names => _names switch
    {
        null => NoNames,
        GoObject[] small => (Dictionary<string, GoObject>)(_names = ToDictionary(small)),
        var names => (Dictionary<string, GoObject>)names,
    };

    /// <summary>Inserts obj unless the name is taken here; returns the object already there, else null.</summary>
    public GoObject? Insert(GoObject obj)
    {
        switch (_names)
        {
            case null:
                _names = new GoObject[SmallNames / 2];
                ((GoObject[])_names)[0] = obj;
                return null;
            case GoObject[] small:
                var n = 0;
                for (; n < small.Length && small[n] is { } o; n++)
                    if (o.Name == obj.Name) return o;
                if (n == small.Length)
                {
                    if (n == SmallNames)
                    {
                        var names = ToDictionary(small);
                        names[obj.Name] = obj;
                        _names = names;
                        return null;
                    }
                    Array.Resize(ref small, SmallNames);
                    _names = small;
                }
                small[n] = obj;
                return null;
            default:
                var map = (Dictionary<string, GoObject>)_names;
                if (map.TryGetValue(obj.Name, out var existing)) return existing;
                map[obj.Name] = obj;
                return null;
        }
    }

    public GoObject? LookupLocal(string name)
    {
        switch (_names)
        {
            case null:
                return null;
            case GoObject[] small:
                foreach (var o in small)
                {
                    if (o == null) return null;
                    if (o.Name == name) return o;
                }
                return null;
            default:
                return ((Dictionary<string, GoObject>)_names).GetValueOrDefault(name);
        }
    }

    private static Dictionary<string, GoObject> ToDictionary(GoObject[] small)
    {
        var names = new Dictionary<string, GoObject>(StringComparer.Ordinal);
        foreach (var o in small)
            if (o != null) names[o.Name] = o;
        return names;
    }

    public GoObject? Lookup(string name)
    {
        for (var s = this; s != null; s = s.Parent)
            if (s.LookupLocal(name) is { } obj) return obj;
        return null;
    }
}
