using System.Collections.Concurrent;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Facts shared by every rule over the packages analysed together (a module): the bodies of their
/// functions, and a <see cref="FunctionSummary"/> per function, as go/analysis exports an object fact.
/// Packages are added in import order (a package before any package that imports it is analysed), so a
/// summary's callees in other packages are summarised first, the way `go vet -vettool` facts flow; within
/// a package, summaries are computed on first request one call-graph component at a time, callees first,
/// and a recursive component is iterated from "owns everything, returns nothing fresh" until it stops
/// changing: a summary never depends on which function happened to be asked for first. Thread-safe: a
/// package's summaries are computed under its own lock, and a package only calls into packages it imports,
/// so the locks are always taken in import order.
/// A function whose body is not among them has no summary, and callers treat it by what they know of it
/// (std by parameter types, anything else as keeping its arguments).
/// Once a package's own rules have run, <see cref="Seal"/> summarises the rest of its functions and lets its
/// syntax and type information go: importers need only summaries, and the few bodies rules read across
/// packages (<see cref="BodyOf"/>), which stay with the type information of their own nodes only.
/// </summary>
public sealed class ModuleFacts
{
    // Decl and Info are null once the package is sealed, unless a rule may still read the body (see Seal).
    private readonly ConcurrentDictionary<Func, (FuncDecl? Decl, TypeInfo? Info, PackageSummaries Package)> _bodies = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<TypeInfo, PackageSummaries> _packages = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<Func, FunctionSummary> _summaries = new(ReferenceEqualityComparer.Instance);

    public ModuleFacts(IReadOnlyList<ResourceKind> kinds)
    {
        Kinds = kinds;
        foreach (var kind in kinds)
        foreach (var (name, results) in kind.Acquirers)
        {
            if (!_acquirers.TryGetValue(name, out var entries)) _acquirers[name] = entries = [];
            foreach (var result in results) entries.Add((kind, result));
        }
    }

    /// <summary>Every kind a fresh result can have (all the rules' kinds), so summaries are computed once for all rules.</summary>
    public IReadOnlyList<ResourceKind> Kinds { get; }

    // Every kind's std acquirers by function name, in the kinds' order: one lookup per call instead of one per kind.
    private readonly Dictionary<string, List<(ResourceKind Kind, int Result)>> _acquirers = new(StringComparer.Ordinal);

    /// <summary>What the std function of this full name acquires, of every kind: (kind, result index) in the kinds'
    /// order, then each kind's acquirer entries in order; null when it acquires nothing.</summary>
    public IReadOnlyList<(ResourceKind Kind, int Result)>? StdAcquires(string fullName) => _acquirers.GetValueOrDefault(fullName);

    public void AddPackage(IReadOnlyList<LeakFinder.Syntax.Ast.File> files, TypeInfo info)
    {
        var package = new PackageSummaries(this, info);
        foreach (var file in files)
        foreach (var decl in file.Decls)
            if (decl is FuncDecl { Body: not null } fd && info.Defs.GetValueOrDefault(fd.Name) is Func f && _bodies.TryAdd(f, (fd, info, package)))
                package.Functions.Add(f);
        _packages[info] = package;
    }

    /// <summary>
    /// Summarises every function of the package checked into <paramref name="info"/> and drops its bodies and
    /// type information, but for the bodies that hold a channel operation (what LF1001 reads of a goroutine's
    /// callee in another package), kept with the type information of their own nodes. Call once no rule of the
    /// package itself runs any more. A package whose summaries fail keeps everything, so the failure is
    /// reported where it was before, by the rule that asks.
    /// </summary>
    public void Seal(TypeInfo info)
    {
        if (_packages.TryRemove(info, out var package)) package.Seal();
    }

    private static bool HasChannelOperation(FuncDecl decl, TypeInfo info) =>
        info.Nodes.Any(decl.Body!, NodeKinds.SendStmt | NodeKinds.UnaryExpr | NodeKinds.RangeStmt, n => IsChannelOperation(n, info), intoLiterals: false);

    // A range loop counts only when it may be over a channel: most functions range over slices and maps, and
    // keeping all their bodies kept most of the module's syntax to the end (std: ~60% of the live heap).
    private static bool IsChannelOperation(Node n, TypeInfo info) =>
        n is SendStmt or UnaryExpr { Op: LeakFinder.Syntax.Token.Arrow }
        || n is RangeStmt range && info.TypeOf(range.X)?.Underlying is null or Semantics.Types.ChanType or Semantics.Types.InterfaceType;

    public bool HasBody(Func f) => _bodies.ContainsKey(f);

    /// <summary>The declaration of a module function and the type information of its package; null when its body is unknown.</summary>
    public (FuncDecl Decl, TypeInfo Info)? BodyOf(Func f) => _bodies.TryGetValue(f, out var b) && b.Decl != null ? (b.Decl, b.Info!) : null;

    public FunctionSummary? SummaryOf(Func f)
    {
        if (!_bodies.TryGetValue(f, out var src) || f.Signature == null) return null;
        return _summaries.TryGetValue(f, out var s) ? s : src.Package.Summarise(f);
    }

    /// <summary>The kind and result index of what a call acquires: a known std acquirer of one of
    /// <paramref name="kinds"/>, or a module function whose summary says it returns a fresh one.</summary>
    public (ResourceKind Kind, int Result, Func Callee)? AcquireOf(TypeInfo info, CallExpr call, IReadOnlyList<ResourceKind> kinds) =>
        AcquireMatch.Of(info, call, this)?.For(kinds);

    /// <summary>One package's functions and the fixpoint over its call graph's components.</summary>
    private sealed class PackageSummaries(ModuleFacts facts, TypeInfo info)
    {
        // Null once sealed: every summary is then computed and no body of the package is read again.
        private TypeInfo? _info = info;
        // A recursive component that has not settled after this many rounds keeps its last round (deterministic).
        private const int MaxRounds = 8;

        private readonly object _gate = new();
        private Dictionary<Func, int>? _componentOf;
        private List<List<Func>>? _components;
        // Each function's callees in the package, from BuildCallGraph; Settle reads them again instead of re-walking.
        private Dictionary<Func, List<Func>>? _callees;
        // The functions whose own statements (not their literals') hold a channel operation, found by the same walk
        // as their callees: Seal keeps their bodies (see HasChannelOperation) without walking every body again.
        private HashSet<Func>? _channelOps;
        // The summaries of the component being iterated, seen by its members' calls to each other.
        private readonly Dictionary<Func, FunctionSummary> _working = new(ReferenceEqualityComparer.Instance);

        public List<Func> Functions { get; } = [];

        public FunctionSummary Summarise(Func f)
        {
            lock (_gate)
            {
                if (facts._summaries.TryGetValue(f, out var done)) return done;
                if (_working.TryGetValue(f, out var current)) return current;
                if (_components == null) BuildCallGraph();
                Settle(_components![_componentOf![f]]);
                return facts._summaries[f];
            }
        }

        private void BuildCallGraph()
        {
            var callees = new Dictionary<Func, List<Func>>(ReferenceEqualityComparer.Instance);
            var channelOps = new HashSet<Func>(ReferenceEqualityComparer.Instance);
            foreach (var f in Functions)
            {
                callees[f] = CalleesIn(facts._bodies[f].Decl!, out var channelOp);
                if (channelOp) channelOps.Add(f);
            }
            _callees = callees;
            _channelOps = channelOps;
            _components = CallGraphComponents.Of(Functions, f => callees[f]);
            _componentOf = new Dictionary<Func, int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < _components.Count; i++)
                foreach (var f in _components[i]) _componentOf[f] = i;
            _selfCalls = new HashSet<Func>(Functions.Where(f => callees[f].Contains(f)), ReferenceEqualityComparer.Instance);
        }

        private HashSet<Func> _selfCalls = new(ReferenceEqualityComparer.Instance);

        /// <summary>The package's functions a body calls, closures included, in source order; and whether its own
        /// statements (outside its literals) hold a channel operation (<see cref="IsChannelOperation"/>).</summary>
        private List<Func> CalleesIn(FuncDecl decl, out bool channelOp)
        {
            var found = new List<Func>();
            var info = _info!;
            info.Nodes.Inspect(decl.Body!, NodeKinds.CallExpr, n =>
            {
                if (Calls.Callee(info, (CallExpr)n) is { } g && facts._bodies.TryGetValue(g, out var b) && ReferenceEquals(b.Info, info) && !found.Contains(g))
                    found.Add(g);
                return true;
            });
            channelOp = HasChannelOperation(decl, info);
            return found;
        }

        /// <summary>Summarises a component after the components it calls: once when it is not recursive, else
        /// round after round from the placeholder until no member's summary changes.</summary>
        private void Settle(List<Func> component)
        {
            foreach (var f in component)
                foreach (var g in _callees![f])
                    if (!facts._summaries.ContainsKey(g) && !component.Contains(g)) Summarise(g);

            var recursive = component.Count > 1 || _selfCalls.Contains(component[0]);
            foreach (var f in component) _working[f] = FunctionSummary.Unknown(f.Signature!.Params.Count, f.Signature.Results.Count);
            for (var round = 0; round < (recursive ? MaxRounds : 1); round++)
            {
                var changed = false;
                foreach (var f in component)
                {
                    var s = Build(f);
                    if (s.SameAs(_working[f])) continue;
                    _working[f] = s;
                    changed = true;
                }
                if (!changed) break;
            }
            foreach (var f in component)
            {
                facts._summaries[f] = _working[f];
                _working.Remove(f);
            }
        }

        private FunctionSummary Build(Func f)
        {
            var (decl, _, _) = facts._bodies[f];
            return new SummaryBuilder(facts, _info!, decl!, f.Signature!).Build();
        }

        public void Seal()
        {
            lock (_gate)
            {
                try
                {
                    foreach (var f in Functions)
                        if (f.Signature != null) Summarise(f);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return;
                }
                var kept = Functions.Where(f => _channelOps?.Contains(f) ?? HasChannelOperation(facts._bodies[f].Decl!, _info!)).ToHashSet<Func>(ReferenceEqualityComparer.Instance);
                var keptInfo = kept.Count == 0 ? null : _info!.Restrict(kept.Select(f => (Node)facts._bodies[f].Decl!));
                foreach (var f in Functions)
                    facts._bodies[f] = kept.Contains(f) ? (facts._bodies[f].Decl, keptInfo, this) : (null, null, this);
                _info = null;
                _componentOf = null;
                _components = null;
                _callees = null;
                _channelOps = null;
                _selfCalls = new HashSet<Func>(ReferenceEqualityComparer.Instance);
                Functions.Clear();
            }
        }
    }
}
