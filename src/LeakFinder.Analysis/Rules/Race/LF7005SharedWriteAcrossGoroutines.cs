using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ArrayType = LeakFinder.Semantics.Types.ArrayType;
using MapType = LeakFinder.Semantics.Types.MapType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7005: a variable, struct field or slice element written by a goroutine while another goroutine uses it,
/// with no lock, channel or Wait between: every goroutine a loop starts writes it (`total += n`,
/// `results = append(results, r)`), or the starter uses it right after starting the goroutine, or (a
/// background goroutine) an exported method of the owner reads the field the goroutine sets and nothing
/// could publish. Maps are LF7001's; per-goroutine elements (`results[i] = r`) joined by Wait are silent.
/// Docs: docs/rules/LF7005.md.
/// </summary>
public sealed partial class LF7005SharedWriteAcrossGoroutines : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF7005", "shared-write-across-goroutines", RuleCategory.Race, Severity.Error,
        "A variable or field is written by a goroutine while another goroutine uses it, unordered")
    {
        Since = "0.5",
        Summary = "a variable, field or slice element written by each goroutine a loop starts, or by a goroutine while its starter or an exported method uses it, with no lock, channel or Wait between",
    };

    /// <summary>A write of the goroutine: to the variable or field path itself, or (Element) to an element of the slice it names.</summary>
    private sealed record Write(FieldPath Path, Node At, bool Element, bool Appends);

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [Handoffs.WaitingFunctionsAnalysis, SharedAccess.BackgroundStartsAnalysis, SharedAccess.StartsAnalysis];

    public override void Run(Pass pass)
    {
        var starts = SharedAccess.Starts(pass, errgroups: true);
        var reported = new HashSet<Node>();
        foreach (var start in starts)
            if (!SharedAccess.LocksAnywhere(pass, start.Lit))
            {
                Check(pass, start, reported);
                CheckWriteAfterDone(pass, start, reported);
            }
        CheckBackground(pass, reported);
    }

    private static void Check(Pass pass, SharedAccess.Start start, HashSet<Node> reported)
    {
        var all = Writes(pass, start.Lit);
        if (start.Loop != null && SharedAccess.ManyGoroutines(pass, start))
            foreach (var w in SharedAccess.UnorderedAmongWorkers(pass, start.Lit, all, w => w.At))
                if (!w.Element && SharedAccess.SharedByIterations(pass, w.Path.Root, start.Loop))
                {
                    var what = w.Appends
                        ? $"appends to {w.Path.Text}: concurrent appends lose elements or corrupt the slice"
                        : $"writes {w.Path.Text}: the writes race, and a read-modify-write (`+=`, `++`) loses updates";
                    pass.Report(w.At, $"every goroutine this loop starts {what}, with no lock between them; guard {w.Path.Text} with a mutex, use a sync/atomic type, or give each goroutine its own slot (results[i]) and combine after Wait",
                        new RelatedLocation(pass.Span(start.Stmt), "the goroutines are started here, once per iteration"));
                    reported.Add(w.At);
                    return;
                }

        foreach (var w in SharedAccess.Unordered(pass, start.Lit, all, w => w.At))
            if (SharedAccess.StarterUse(pass, start.Rest, e => Names(pass, e, w)) is { } use)
            {
                var what = w.Element ? $"an element of {w.Path.Text}" : w.Path.Text;
                pass.Report(w.At, $"the goroutine writes {what} while the function that starts it uses it at line {pass.Line(use)}, with no lock, channel or Wait between: the two race, and the starter may see the old value, the new one or a torn one; wait for the goroutine (sync.WaitGroup, a channel) before the use, or guard {w.Path.Text} with a mutex",
                    new RelatedLocation(pass.Span(use), "the starter uses it here, concurrently"),
                    new RelatedLocation(pass.Span(start.Stmt), "the goroutine is started here"));
                reported.Add(w.At);
                return;
            }
    }

    /// <summary>Whether an expression of the starter names what the write writes: the variable or field path
    /// itself, or for an element write, an element of the same slice.</summary>
    private static bool Names(Pass pass, Expr e, Write w) => w.Element
        ? e is IndexExpr ix && pass.Info.TypeOf(ix.X)?.Underlying is not MapType && FieldPath.Of(pass, ix.X)?.Key == w.Path.Key
        : e is Ident or SelectorExpr && FieldPath.Of(pass, e)?.Key == w.Path.Key;

    /// <summary>The body's own writes (not its literals') to what it does not declare: `x = v`, `x op= v`,
    /// `x++` on a variable or field path, or on an element of a slice or array it names. Map elements are
    /// LF7001's; a value of a sync or sync/atomic type is never assigned in racy code worth reporting.</summary>
    private static List<Write> Writes(Pass pass, Node body)
    {
        var found = new List<Write>();
        void Add(Expr target, Node at, AssignStmt? assign)
        {
            var t = Expr.Unparen(target);
            if (t is Ident { Name: "_" } || IsSyncValue(pass.Info.TypeOf(t))) return;
            var element = false;
            if (t is IndexExpr ix)
            {
                var under = pass.Info.TypeOf(ix.X)?.Underlying;
                if (under is PointerType p) under = p.Elem.Underlying;
                if (under is not (SliceType or ArrayType)) return;
                (t, element) = (Expr.Unparen(ix.X), true);
            }
            if (FieldPath.Of(pass, t) is not { } path || SharedAccess.Inside(path.Root, body)) return;
            if (found.Exists(f => f.Path.Key == path.Key && f.Element == element)) return;
            var appends = assign is { Rhs: [CallExpr call] } && Calls.BuiltinName(pass.Info, call) == "append" && call.Args.Count > 0
                && FieldPath.Of(pass, call.Args[0])?.Key == path.Key;
            found.Add(new Write(path, at, element, appends));
        }
        Walker.Inspect(body, n =>
        {
            switch (n)
            {
                case FuncLit when !ReferenceEquals(n, body):
                    return false;
                case AssignStmt a when a.Tok != Token.Define:
                    foreach (var l in a.Lhs) Add(l, a, a);
                    break;
                case IncDecStmt inc:
                    Add(inc.X, inc, null);
                    break;
            }
            return true;
        });
        return found;
    }

    private static bool IsSyncValue(GoType? t) =>
        t is NamedType { Obj.Pkg.Path: "sync" or "sync/atomic" };
}
