using LeakFinder.Analysis;
using LeakFinder.Analysis.Engine;
using LeakFinder.Check.Pipeline;
using LeakFinder.Semantics.Loading;

namespace LeakFinder.Check.Cache;

/// <summary>
/// The cache's part in checking one group of packages: which roots are answered from the store (their
/// findings as the rules reported them), which must be analysed, and which packages must be type-checked for
/// those (the missed roots and what they import: an importer's findings need its imports' types and facts).
/// When every root hits, nothing is type-checked. After the analysis the missed roots' findings are stored,
/// with what the report reads from their syntax (a hit brings that back too: its trees are not parsed again).
/// </summary>
public sealed class CachedGroup
{
    private readonly FindingsStore _store;
    private readonly PackageKeys _keys;
    private readonly List<(LoadedPackage Package, CacheEntry Entry)> _hitEntries = [];

    private CachedGroup(FindingsStore store, PackageKeys keys, IReadOnlyList<LoadedPackage> roots)
    {
        _store = store;
        _keys = keys;
        var hits = new List<LoadedPackage>();
        var misses = new List<LoadedPackage>();
        foreach (var p in roots)
        {
            if (keys.Of(p) is { } key && store.Read(key) is { } entry)
            {
                hits.Add(p);
                _hitEntries.Add((p, entry));
            }
            else misses.Add(p);
        }
        Hits = hits;
        Misses = misses;
    }

    public static CachedGroup Open(CacheOptions options, string runKey, LoadResult load, IReadOnlyList<LoadedPackage> roots,
        Func<LoadedPackage, bool> givesFacts, Semantics.GoVersion? goVersion) =>
        new(new FindingsStore(options.Directory, options.MaxBytes), new PackageKeys(runKey, load, givesFacts, goVersion), roots);

    public IReadOnlyList<LoadedPackage> Hits { get; }
    public IReadOnlyList<LoadedPackage> Misses { get; }

    public IEnumerable<Diagnostic> HitDiagnostics => _hitEntries.SelectMany(e => e.Entry.Diagnostics);
    public IEnumerable<InputError> HitErrors => _hitEntries.SelectMany(e => e.Entry.Errors);
    public IEnumerable<(LoadedPackage Package, PackageNotes Notes)> HitNotes => _hitEntries.Select(e => (e.Package, e.Entry.Notes));

    public CacheReport Report => new(Hits.Select(p => p.ImportPath).ToList(), Misses.Select(p => p.ImportPath).ToList());

    /// <summary>The load cut down to the missed roots and the packages they import, in the same order; the
    /// whole load when nothing hit.</summary>
    public LoadResult ToCheck(LoadResult load)
    {
        if (Hits.Count == 0) return load;
        var needed = new HashSet<LoadedPackage>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<LoadedPackage>(Misses);
        while (stack.TryPop(out var p))
        {
            if (!needed.Add(p)) continue;
            foreach (var i in p.Imports)
                if (i.Package != null) stack.Push(i.Package);
        }
        return new LoadResult(load.Setup, load.Context, load.FileSet, load.Packages.Where(needed.Contains).ToList(), [], [], []);
    }

    /// <summary>
    /// Stores what the analysis found in each missed root it analysed, with the notes read from its syntax
    /// (<paramref name="notes"/> has every analysed root). Findings and errors are told apart by
    /// package through the files they point at; when one points at a file of no analysed root, nothing is
    /// stored (an entry must hold exactly its package's findings, or a later run would differ).
    /// </summary>
    public void Store(AnalysisResult result, IReadOnlyCollection<LoadedPackage> analysed, IReadOnlyDictionary<LoadedPackage, PackageNotes> notes)
    {
        var owner = new Dictionary<string, LoadedPackage>(StringComparer.Ordinal);
        foreach (var p in analysed)
        {
            foreach (var f in p.Files) owner[f.Path] = p;
            // A rule failing on a package without files names the package.
            if (p.Files.Count == 0) owner[p.ImportPath] = p;
        }
        var diagnostics = new Dictionary<LoadedPackage, List<Diagnostic>>(ReferenceEqualityComparer.Instance);
        var errors = new Dictionary<LoadedPackage, List<InputError>>(ReferenceEqualityComparer.Instance);
        foreach (var p in analysed)
        {
            diagnostics[p] = [];
            errors[p] = [];
        }
        foreach (var d in result.Diagnostics)
        {
            if (!owner.TryGetValue(d.Span.File, out var p)) return;
            diagnostics[p].Add(d);
        }
        foreach (var e in result.Errors)
        {
            if (!owner.TryGetValue(e.File, out var p)) return;
            errors[p].Add(e);
        }
        var wrote = false;
        foreach (var p in analysed)
            if (_keys.Of(p) is { } key)
                wrote |= _store.Write(key, new CacheEntry(diagnostics[p], errors[p], notes[p]));
        if (wrote) _store.TrimNow();
    }
}
