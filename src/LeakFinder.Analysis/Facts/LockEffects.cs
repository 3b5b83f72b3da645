using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The lock effects of one package, computed once and shared by the lock rules: a <see cref="LockSummary"/>
/// per function declared in it, found over the package's call graph callees first (Tarjan's strongly
/// connected components; a recursive group is iterated until its summaries stop changing, in source order,
/// so the result is deterministic), then every body's conflicts (a mutex locked while held) and lock-order
/// edges (a mutex locked while another is held), function literals included.
/// </summary>
public sealed class LockEffects
{
    private const int MaxRounds = 8;
    private readonly Dictionary<Func, LockSummary> _summaries = new(ReferenceEqualityComparer.Instance);

    /// <summary>Declared for the lock rules, which require it (<see cref="Engine.Rule.Requires"/>): computed once per package.</summary>
    public static readonly Engine.PackageAnalysis<LockEffects> Analysis = new(
        "lock-effects", "each function's lock summary, and the package's lock conflicts, lock-order edges and waits under a lock",
        pass => Compute(pass.Info, pass.Functions, pass.ResultOf(Engine.FunctionCfgs.Analysis).Of, pass.ResultOf(Engine.Visibility.Analysis), pass.ResultOf(NeverDoneContexts.Analysis),
            FuncValues.PackageVars(pass.Package.Files.Select(f => f.File))),
        Engine.FunctionCfgs.Analysis, Engine.Visibility.Analysis, NeverDoneContexts.Analysis);

    public static readonly LockEffects None = new();

    public IReadOnlyList<LockConflict> Conflicts { get; private set; } = [];

    /// <summary>The channel fields the package uses as locks (<see cref="ChannelLocks"/>), which the lock facts treat as mutexes.</summary>
    internal ChannelLocks ChannelLockClasses { get; private set; } = ChannelLocks.None;

    /// <summary>Whether a lock's class is a channel used as a lock rather than a sync mutex (for how a message names it).</summary>
    public bool IsChannelLock(LockPath p) => p.Class is { } cls && ChannelLockClasses.IsLock(cls);
    public IReadOnlyList<LockOrderEdge> Edges { get; private set; } = [];

    /// <summary>Contexts kept in a field with their cancel in another (<see cref="ContextCancelFields"/>): a wait on one's
    /// Done is named as a wait for its cancel.</summary>
    internal ContextCancelFields ContextCancels { get; private set; } = ContextCancelFields.None;

    /// <summary>The cancel field that ends a wait on a context's Done (a blocking target's class), or null for a channel.</summary>
    public string? CancelFieldOf(LockPath target) => target.Class is { } cls && !ContextCancels.IsEmpty ? ContextCancels.CancelNameOf(cls) : null;

    /// <summary>Blocking operations made while holding a lock that every goroutine able to end them must take.</summary>
    public IReadOnlyList<LockWait> Waits { get; private set; } = [];

    /// <summary>The mutex classes some function of the package write-locks. A read lock of such an RWMutex excludes a
    /// second reader once a writer waits: Go's RWMutex queues new readers behind a waiting writer.</summary>
    public IReadOnlySet<string> WriteLocked { get; private set; } = new HashSet<string>();

    public LockSummary? SummaryOf(Func f) => _summaries.GetValueOrDefault(f);

    public static LockEffects Compute(TypeInfo info, IReadOnlyList<FunctionBody> functions, Func<FunctionBody, ControlFlowGraph> cfgOf, Engine.Visibility visibility,
        NeverDoneContexts? neverDone = null, IEnumerable<ValueSpec>? packageVars = null)
    {
        // A channel used as a lock (a capacity-one channel taken by a send, given back by a receive) is one too.
        var channelLocks = ChannelLocks.Of(info, functions);
        if (!UsesMutexes(info) && channelLocks.IsEmpty) return channelLocks.HasCounting ? new LockEffects { ChannelLockClasses = channelLocks } : None;
        var declared = new Dictionary<Func, FunctionBody>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
            if (fn.Function is FuncDecl fd && info.Defs.GetValueOrDefault(fd.Name) is Func f) declared[f] = fn;
        var accessors = new ChannelAccessors(info, functions);
        var elements = ChannelElements.Of(info, functions);
        var events = new LockEvents(info, new HashSet<Func>(declared.Keys, ReferenceEqualityComparer.Instance), new FuncValues(info, functions, packageVars),
            LockEvents.ParametersCalled(info, declared.Select(d => (d.Key, (FuncDecl)d.Value.Function))), accessors, MutexAliases.Of(info, functions), elements, channelLocks, neverDone,
            declared.ToDictionary(d => d.Key, d => (FuncDecl)d.Value.Function, (IEqualityComparer<Func>)ReferenceEqualityComparer.Instance),
            ChannelFieldAliases.Of(info, functions), RepeatedFunctions.Of(info, functions), PipeClasses.Of(info, functions), HttpServers.Of(info, functions),
            ContextCancelFields.Of(info, functions, visibility, neverDone), ConnClasses.Of(info, functions), new TemplateTexts(info, packageVars ?? [], functions));
        var effects = new LockEffects { ChannelLockClasses = channelLocks, ContextCancels = events.ContextCancels };
        // A flow's final pass (its conflicts and edges) runs as soon as every summary it reads is settled, and the flow
        // then drops what only a run needs: the flows of a package are not all kept whole until the last component
        // settles (~1.5 KB a function). Its findings are the same whenever it runs; they are kept per flow and
        // gathered in the order of the functions below, as before.
        var early = new FinalPasses(effects);
        var settled = new HashSet<Func>(ReferenceEqualityComparer.Instance);
        var flows = new Dictionary<Node, LockFlow>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
        {
            var flow = flows[fn.Function] = new LockFlow(fn, cfgOf(fn), info, events);
            // A function calling only functions settled before it (most call none of the package's functions) is a
            // component of its own, callees first: its summary is settled now, as the components below would settle
            // it, and the flow is released before the next one is built.
            if (flow.Declared is not { } f || !declared.TryGetValue(f, out var body) || !ReferenceEquals(body.Function, fn.Function) || !SettlesAlone(flow, settled, declared)) continue;
            if (flow.HasEvents) effects._summaries[f] = flow.Run(effects.SummaryOf, null, null);
            settled.Add(f);
            early.Run(flow);
        }

        // Members of a component in source order, as the fixpoint below iterates them.
        var byPosition = declared.Keys.Where(f => !settled.Contains(f)).OrderBy(f => f.Pos).ToList();
        foreach (var scc in CallGraphComponents.Of(byPosition, f => flows[declared[f].Function].Callees()))
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                var changed = false;
                foreach (var f in scc)
                {
                    var flow = flows[declared[f].Function];
                    if (!flow.HasEvents) continue;
                    var s = flow.Run(effects.SummaryOf, null, null);
                    if (effects._summaries.TryGetValue(f, out var old) && old.SameAs(s)) continue;
                    effects._summaries[f] = s;
                    changed = true;
                }
                if (!changed || scc.Count == 1 && !flows[declared[scc[0]].Function].Callees().Contains(scc[0])) break;
            }
            settled.UnionWith(scc);
            foreach (var f in scc)
            {
                var flow = flows[declared[f].Function];
                if (flow.SummariesRead().All(read => settled.Contains(read) || !declared.ContainsKey(read))) early.Run(flow);
            }
        }
        var conflicts = new List<LockConflict>();
        var edges = new List<LockOrderEdge>();
        var edgeOwners = new List<(int Start, LockFlow Flow)>();
        foreach (var fn in functions)
        {
            var flow = flows[fn.Function];
            edgeOwners.Add((edges.Count, flow));
            if (early.Ran(flow, conflicts, edges)) continue;
            if (flow.HasEvents) flow.Run(effects.SummaryOf, conflicts, edges);
            flow.Release();
        }
        effects.Conflicts = conflicts;
        var references = new Dictionary<Func, int>(ReferenceEqualityComparer.Instance);
        foreach (var used in info.Uses.Values)
            if (used is Func uf && declared.ContainsKey(uf)) references[uf] = references.GetValueOrDefault(uf) + 1;
        var flowList = functions.Select(fn => flows[fn.Function]).ToList();
        var callSites = new CallSites(flowList, f => references.GetValueOrDefault(f), visibility);
        AddCallerGates(edges, edgeOwners, callSites);
        effects.Edges = edges;
        var brought = new HashSet<string>(StringComparer.Ordinal);
        HashSet<Node>? handoffs = null;
        var capacities = ChannelBuffering.Capacities(info, functions, computedBuffers: true, brought);
        if (elements.Capacities.Count > 0) capacities = capacities.Concat(elements.Capacities).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        effects.WriteLocked = new HashSet<string>(flowList.SelectMany(f => f.Acquired).Where(a => a.Mode == LockMode.Write).Select(a => a.Class), StringComparer.Ordinal);
        effects.Waits = LockWaits.Find(flowList, effects.WriteLocked, capacities,
            cls => accessors.HandsOut(cls, visibility) || elements.HandsOut(cls) || visibility.Outside(cls, last: true), brought.Contains, n => (handoffs ??= HandoffSends.Of(info, functions)).Contains(n), CondLocks.Of(info, functions), callSites, new TaskRunners(info, flowList, callSites), edges, events.Servers);
        return effects;
    }

    /// <summary>Whether every summary the flow reads is settled and is one of its callees' (not its own): its component
    /// is itself alone, and every component it depends on is settled.</summary>
    private static bool SettlesAlone(LockFlow flow, HashSet<Func> settled, Dictionary<Func, FunctionBody> declared)
    {
        var callees = flow.Callees();
        foreach (var read in flow.SummariesRead())
            if (declared.ContainsKey(read) && !(settled.Contains(read) && callees.Contains(read))) return false;
        foreach (var callee in callees)
            if (!settled.Contains(callee)) return false;
        return true;
    }

    /// <summary>The final passes run before the conflicts and edges are gathered: what each found, until it is gathered.</summary>
    private sealed class FinalPasses(LockEffects effects)
    {
        private readonly List<LockConflict> _conflicts = [];
        private readonly List<LockOrderEdge> _edges = [];
        private readonly Dictionary<LockFlow, (LockConflict[] Conflicts, LockOrderEdge[] Edges)> _found = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<LockFlow> _ran = new(ReferenceEqualityComparer.Instance);

        public void Run(LockFlow flow)
        {
            if (flow.HasEvents) flow.Run(effects.SummaryOf, _conflicts, _edges);
            if (_conflicts.Count > 0 || _edges.Count > 0) _found[flow] = ([.. _conflicts], [.. _edges]);
            _conflicts.Clear();
            _edges.Clear();
            _ran.Add(flow);
            flow.Release();
        }

        /// <summary>Whether the flow's final pass ran already; if so, adds what it found.</summary>
        public bool Ran(LockFlow flow, List<LockConflict> conflicts, List<LockOrderEdge> edges)
        {
            if (!_ran.Contains(flow)) return false;
            if (_found.Remove(flow, out var found))
            {
                conflicts.AddRange(found.Conflicts);
                edges.AddRange(found.Edges);
            }
            return true;
        }
    }

    /// <summary>Adds to each edge's gates the locks every caller of its function holds at the call (when only the
    /// package calls it): the lock-order rule skips two orders that run under one exclusive lock.</summary>
    private static void AddCallerGates(List<LockOrderEdge> edges, List<(int Start, LockFlow Flow)> owners, CallSites callSites)
    {
        var byFlow = new Dictionary<LockFlow, IReadOnlyList<(string, LockMode)>>(ReferenceEqualityComparer.Instance);
        for (var o = 0; o < owners.Count; o++)
        {
            var (start, flow) = owners[o];
            var end = o + 1 < owners.Count ? owners[o + 1].Start : edges.Count;
            if (start == end) continue;
            if (!byFlow.TryGetValue(flow, out var held)) byFlow[flow] = held = LockWaits.HeldByEveryCaller(flow, callSites, 0);
            if (held.Count == 0) continue;
            for (var i = start; i < end; i++) edges[i] = edges[i] with { Gates = [.. edges[i].Gates, .. held] };
        }
    }

    /// <summary>Whether the package calls Lock or RLock of a sync mutex, or a Once's Do (which holds the Once while its
    /// function runs), at all: most packages do not, and skip the rest.</summary>
    private static bool UsesMutexes(TypeInfo info)
    {
        foreach (var sel in info.Selections.Values)
            if (sel.Obj is Func { Name: "Lock" or "RLock" or "Do" } f && f.FullName is "(*sync.Mutex).Lock" or "(*sync.RWMutex).Lock" or "(*sync.RWMutex).RLock" or "(*sync.Once).Do" or "sync.Locker.Lock")
                return true;
        return false;
    }
}
