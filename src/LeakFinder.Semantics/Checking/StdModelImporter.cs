using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;

namespace LeakFinder.Semantics.Checking;

/// <summary>
/// Imports std packages from the embedded std API model (no Go install needed) and, for every other path,
/// whatever the fallback gives (packages of the module checked from source), else an unknown package.
/// </summary>
public sealed class StdModelImporter(StdApiView std, Func<string, Package?>? fallback = null) : IImporter
{
    private readonly Dictionary<string, Package> _unknown = new(StringComparer.Ordinal);

    public Package Import(string path)
    {
        if (fallback?.Invoke(path) is { } p) return p;
        if (std.Import(path) is { } s) return s;
        lock (_unknown)
        {
            if (!_unknown.TryGetValue(path, out var u))
                _unknown[path] = u = new Package(path, StdApiView.PackageNameOf(path), isUnknown: true);
            return u;
        }
    }
}
