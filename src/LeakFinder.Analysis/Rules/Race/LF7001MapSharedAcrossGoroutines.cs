using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax;
using MapType = LeakFinder.Semantics.Types.MapType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7001: a map written by a goroutine literal while another goroutine uses it with nothing ordering the two:
/// the literal is started in a loop (every goroutine it starts writes the same map), or the function that
/// starts it reads or writes the map right after the go statement. Go maps are not safe for concurrent use;
/// the runtime aborts with "concurrent map writes". Docs: docs/rules/LF7001.md.
/// </summary>
public sealed partial class LF7001MapSharedAcrossGoroutines : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF7001", "map-shared-across-goroutines", RuleCategory.Race, Severity.Error,
        "A map is written by goroutines with no lock between them")
    {
        Since = "0.5",
        Summary = "a map written by each goroutine a loop starts, or by a goroutine while its starter still uses it, with no lock, channel or Wait between",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [SharedAccess.BackgroundStartsAnalysis, SharedAccess.StartsAnalysis];

    public override void Run(Pass pass)
    {
        foreach (var start in SharedAccess.Starts(pass, errgroups: false)) Check(pass, start);
        CheckBackgroundWriters(pass);
        CheckCopiedLocks(pass);
        foreach (var w in ReadLockedWrites.Find(pass))
            if (w.Map)
                pass.Report(w.At, $"writes the map {w.Path.Text} while holding only the read lock of {w.Mutex.Text} (RLock, line {pass.Line(w.RLock)}): a read lock excludes writers, not other readers, so two callers inside it write the map at once (\"fatal error: concurrent map writes\"); take {w.Mutex.Text}.Lock() for the write, checking the map again after taking it",
                    new RelatedLocation(pass.Span(w.RLock), "only the read lock is taken here"));
    }

    private static void Check(Pass pass, SharedAccess.Start start)
    {
        var (go, lit) = ((GoStmt)start.Stmt, start.Lit);
        // A goroutine that locks may guard the write, one that receives or waits before it may be ordered by
        // that: not modelled, so silent. What it does after the write (wg.Done, a send) orders nothing before it.
        if (SharedAccess.LocksAnywhere(pass, lit)) return;
        var allWrites = MapWrites(pass, lit);
        if (allWrites.Count == 0)
        {
            CheckStarterWrite(pass, start);
            return;
        }
        if (start.Loop != null && SharedAccess.ManyGoroutines(pass, start))
            foreach (var (path, at) in SharedAccess.UnorderedAmongWorkers(pass, lit, allWrites, w => w.At))
                if (SharedAccess.SharedByIterations(pass, path.Root, start.Loop))
                {
                    pass.Report(at, $"every goroutine this loop starts writes the map {path.Text} with no lock: concurrent map writes make the Go runtime abort (\"fatal error: concurrent map writes\"); guard {path.Text} with a mutex, or send the results on a channel and fill the map in one goroutine",
                        new RelatedLocation(pass.Span(go), "the goroutines are started here, once per iteration"));
                    return;
                }

        // The starter's own statements after the go statement, up to anything that may order it with the goroutine.
        foreach (var (path, at) in SharedAccess.Unordered(pass, lit, allWrites, w => w.At))
            if (SharedAccess.StarterUse(pass, start.Rest, e => pass.Info.TypeOf(e)?.Underlying is MapType && FieldPath.Of(pass, e)?.Key == path.Key) is { } use)
            {
                pass.Report(at, $"the goroutine writes the map {path.Text} while the function that starts it uses it at line {pass.Line(use)}, with no lock, channel or Wait between: Go maps are not safe for concurrent use; wait for the goroutine (sync.WaitGroup, a channel) before the use, or guard {path.Text} with a mutex",
                    new RelatedLocation(pass.Span(use), "the starter uses the map here, concurrently"),
                    new RelatedLocation(pass.Span(go), "the goroutine is started here"));
                return;
            }
    }

    /// <summary>A goroutine that only reads a map (ranges over it, indexes it, hands it to a call) while the
    /// function that started it writes the map right after the go statement, before anything that could order
    /// the two: the write races with every read of the goroutine ("concurrent map iteration and map write").</summary>
    private static void CheckStarterWrite(Pass pass, SharedAccess.Start start)
    {
        var reads = new List<(FieldPath Path, Node At)>();
        Walker.Inspect(start.Lit.Body, n =>
        {
            if (n is FuncLit) return false;
            if (n is Expr e and (Ident or SelectorExpr) && pass.Info.TypeOf(e)?.Underlying is MapType
                && FieldPath.Of(pass, e) is { } path && !SharedAccess.Inside(path.Root, start.Lit) && !reads.Exists(r => r.Path.Key == path.Key))
                reads.Add((path, e));
            return n is not SelectorExpr;
        });
        if (reads.Count == 0) return;
        var targets = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        foreach (var stmt in start.Rest)
            foreach (var (map, _) in MapWriteTargets(pass, stmt)) targets.Add(map);
        // A read in the value of a send happens before that send: the send orders nothing for it.
        bool Ordered(Node at) => start.Lit.Body.List.Any(s => s.Pos().Value <= at.Pos().Value
            && !(s is SendStmt send && at.Pos().Value >= send.Value.Pos().Value && at.End().Value <= send.Value.End().Value && !Handoffs.Synchronises(pass, send.Value))
            && Handoffs.Synchronises(pass, s));
        foreach (var (path, at) in reads.Where(r => !Ordered(r.At)))
            if (SharedAccess.StarterUse(pass, start.Rest, e => targets.Contains(e) && FieldPath.Of(pass, e)?.Key == path.Key) is { } write)
            {
                pass.Report(write, $"the function writes the map {path.Text} while the goroutine it started at line {pass.Line(start.Stmt)} still reads it (line {pass.Line(at)}), with no lock, channel or Wait between: Go maps are not safe for concurrent use (\"concurrent map iteration and map write\"); give the goroutine its own copy of the map, or write it before the go statement",
                    new RelatedLocation(pass.Span(at), "the goroutine reads the map here"),
                    new RelatedLocation(pass.Span(start.Stmt), "the goroutine is started here"));
                return;
            }
    }

    /// <summary>`m[k] = v`, `m[k] op= v`, `m[k]++` and `delete(m, k)` in the node's own statements (not its
    /// literals'): the map expression written and the statement writing it.</summary>
    private static List<(Expr Map, Node At)> MapWriteTargets(Pass pass, Node node)
    {
        var found = new List<(Expr, Node)>();
        void Add(Expr? map, Node at)
        {
            if (map != null && pass.Info.TypeOf(map)?.Underlying is MapType) found.Add((Expr.Unparen(map), at));
        }
        Walker.Inspect(node, n =>
        {
            switch (n)
            {
                case FuncLit when !ReferenceEquals(n, node):
                    return false;
                case AssignStmt a when a.Tok != Token.Define:
                    foreach (var l in a.Lhs) Add((Expr.Unparen(l) as IndexExpr)?.X, a);
                    break;
                case IncDecStmt inc:
                    Add((Expr.Unparen(inc.X) as IndexExpr)?.X, inc);
                    break;
                case CallExpr { Args.Count: 2 } c when Semantics.Checking.Calls.BuiltinName(pass.Info, c) == "delete":
                    Add(c.Args[0], c);
                    break;
            }
            return true;
        });
        return found;
    }

    /// <summary>The map writes of the literal's own statements, on a map (a variable or a field path)
    /// declared outside the literal: one made inside is the goroutine's own.</summary>
    private static List<(FieldPath Path, Node At)> MapWrites(Pass pass, FuncLit lit)
    {
        var found = new List<(FieldPath, Node)>();
        foreach (var (map, at) in MapWriteTargets(pass, lit.Body))
            if (FieldPath.Of(pass, map) is { } path && !SharedAccess.Inside(path.Root, lit) && !found.Exists(f => f.Item1.Key == path.Key))
                found.Add((path, at));
        return found;
    }
}
