using System.Collections.Concurrent;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;

namespace LeakFinder.Semantics.Checking;

/// <summary>The checked packages of one load, in the load's dependency order.</summary>
public sealed class CheckedProgram(IReadOnlyList<(LoadedPackage Loaded, CheckedPackage Checked)> packages)
{
    public IReadOnlyList<(LoadedPackage Loaded, CheckedPackage Checked)> Packages { get; } = packages;
}

/// <summary>
/// Type-checks every package of a load bottom-up: a package's source imports are checked before it, and
/// packages are checked in parallel as soon as their imports are done; std imports not loaded from source
/// come from the std API model; imports that were not found are unknown packages (members of invalid
/// type, no errors).
/// </summary>
public static class ProgramChecker
{
    /// <summary>
    /// Checks every package and keeps them all: for tools that look at the whole program afterwards. A pass that
    /// handles each package as it comes uses <see cref="CheckEach"/>, which keeps only what importers need.
    /// </summary>
    public static CheckedProgram Check(LoadResult load, StdApiView std,
        Action<LoadedPackage, CheckedPackage>? onChecked = null, Action<LoadedPackage, CheckedPackage>? followUp = null)
    {
        var all = new ConcurrentDictionary<LoadedPackage, CheckedPackage>(ReferenceEqualityComparer.Instance);
        CheckEach(load, std, (p, c) =>
        {
            all[p] = c;
            onChecked?.Invoke(p, c);
        }, followUp);
        return new CheckedProgram(load.Packages.Select(p => (p, all[p])).ToList());
    }

    /// <summary>
    /// Checks every package. <paramref name="onChecked"/> runs on a package right after its check, before any
    /// package importing it starts; <paramref name="followUp"/> runs after that, on the same worker, while
    /// other workers go on checking (a caller analyses each package there, beside the checking of the rest).
    /// Importers need only a package's types, so its type information (maps keyed by syntax nodes, the bulk of
    /// a check's memory) is held only until its follow-up returns, not to the end of the program.
    /// </summary>
    public static void CheckEach(LoadResult load, StdApiView std,
        Action<LoadedPackage, CheckedPackage>? onChecked, Action<LoadedPackage, CheckedPackage>? followUp)
    {
        var done = new ConcurrentDictionary<LoadedPackage, Package>(ReferenceEqualityComparer.Instance);
        var awaitingFollowUp = new ConcurrentDictionary<LoadedPackage, CheckedPackage>(ReferenceEqualityComparer.Instance);
        var unknowns = new ConcurrentDictionary<string, Package>(StringComparer.Ordinal);
        new Schedule(load.Packages, p =>
        {
            var importer = new LoadedImporter(p, done, std, unknowns);
            var lang = p.Module?.Go ?? (p.IsStd ? null : load.Setup.GoVersion);
            var checkedPackage = Checker.Check(p.ImportPath, p.Files.Select(f => f.Parse.File).ToList(), importer, lang, p.IsStd);
            if (followUp != null) awaitingFollowUp[p] = checkedPackage;
            done[p] = checkedPackage.Package;
            onChecked?.Invoke(p, checkedPackage);
        }, followUp == null ? null : p =>
        {
            awaitingFollowUp.TryRemove(p, out var checkedPackage);
            followUp(p, checkedPackage!);
        }).Run(Math.Max(1, Math.Min(Environment.ProcessorCount, load.Packages.Count)));
    }

    /// <summary>
    /// Runs work on every package, each once the packages it imports that come before it in the load's
    /// dependency order are done (an import cycle is thereby broken arbitrarily), on worker threads with
    /// deep stacks. Unlike levels with a barrier between them, a package starts as soon as its own imports
    /// are done, so one slow package does not hold up unrelated ones; among ready packages the one heading
    /// the longest chain of work above it goes first (std's runtime -> ... -> net/http chain decides the
    /// wall time on two cores). A package's follow-up runs once its importers are released. The first
    /// exception is rethrown.
    /// </summary>
    private sealed class Schedule
    {
        private readonly IReadOnlyList<LoadedPackage> _ordered;
        private readonly Action<LoadedPackage> _work;
        private readonly Action<LoadedPackage>? _followUp;
        private readonly int[] _pending;
        private readonly List<int>[] _users;
        private readonly PriorityQueue<int, long> _ready = new();
        private readonly long[] _chain;
        private int _finished;
        private Exception? _failure;

        public Schedule(IReadOnlyList<LoadedPackage> ordered, Action<LoadedPackage> work, Action<LoadedPackage>? followUp)
        {
            _ordered = ordered;
            _work = work;
            _followUp = followUp;
            _pending = new int[ordered.Count];
            _users = new List<int>[ordered.Count];
            var index = new Dictionary<LoadedPackage, int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < ordered.Count; i++)
            {
                _users[i] = [];
                var deps = new HashSet<int>();
                foreach (var imp in ordered[i].Imports)
                    if (imp.Package != null && index.TryGetValue(imp.Package, out var d)) deps.Add(d);
                foreach (var d in deps) _users[d].Add(i);
                _pending[i] = deps.Count;
                index[ordered[i]] = i;
            }
            // Importers come after their imports, so one backward pass gives each package its longest chain,
            // measured in source bytes (what checking costs roughly in proportion to).
            _chain = new long[ordered.Count];
            for (var i = ordered.Count - 1; i >= 0; i--)
            {
                long above = 0;
                foreach (var u in _users[i]) above = Math.Max(above, _chain[u]);
                _chain[i] = above + ordered[i].Files.Sum(f => (long)f.Source.Length) + 1;
            }
            for (var i = 0; i < ordered.Count; i++)
                if (_pending[i] == 0) _ready.Enqueue(i, -_chain[i]);
        }

        public void Run(int workers)
        {
            // Each worker pulls ready packages until all are done; DeepStack gives them deep stacks.
            DeepStack.ForEach(Enumerable.Range(0, workers).ToArray(), _ => Work());
            if (_failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
        }

        private void Work()
        {
            while (true)
            {
                int next;
                lock (_ready)
                {
                    while (_ready.Count == 0 && _finished < _ordered.Count && _failure == null) Monitor.Wait(_ready);
                    if (_ready.Count == 0 || _failure != null) return;
                    next = _ready.Dequeue();
                }
                try
                {
                    _work(_ordered[next]);
                }
                catch (Exception e)
                {
                    Fail(e);
                    return;
                }
                lock (_ready)
                {
                    _finished++;
                    foreach (var u in _users[next])
                        if (--_pending[u] == 0) _ready.Enqueue(u, -_chain[u]);
                    Monitor.PulseAll(_ready);
                }
                if (_followUp == null) continue;
                try
                {
                    _followUp(_ordered[next]);
                }
                catch (Exception e)
                {
                    Fail(e);
                    return;
                }
            }
        }

        private void Fail(Exception e)
        {
            lock (_ready)
            {
                _failure ??= e;
                Monitor.PulseAll(_ready);
            }
        }
    }

    private sealed class LoadedImporter(
        LoadedPackage pkg,
        ConcurrentDictionary<LoadedPackage, Package> done,
        StdApiView std,
        ConcurrentDictionary<string, Package> unknowns) : IImporter
    {
        public Package Import(string path)
        {
            var imp = pkg.Imports.FirstOrDefault(i => i.Path == path);
            if (imp?.Package != null && done.TryGetValue(imp.Package, out var checkedPackage)) return checkedPackage;
            if (imp == null || imp.Kind == ImportKind.Std)
                if (std.Import(imp?.ResolvedPath ?? path) is { } model) return model;
            return unknowns.GetOrAdd(path, p => new Package(p, StdApiView.PackageNameOf(p), isUnknown: true));
        }
    }
}
