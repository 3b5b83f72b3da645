using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5002 for a channel used as a semaphore: a function acquires a slot (`s.sem &lt;- struct{}{}`) and releases it
/// (`&lt;-s.sem`) on some paths, but a return is reachable without the release. Each such return keeps a slot for
/// good; once they have taken every slot, every later acquire blocks for ever.
/// </summary>
public sealed partial class LF5002MutexNotUnlocked
{
    private static void CheckSemaphores(Pass pass, FunctionBody fn)
    {
        if (!pass.AnyNode(fn, n => n is SendStmt)) return; // no acquire here: skip the walk
        ControlFlowGraph? cfg = null;
        Dictionary<string, (List<Node> Releases, bool Trusted)>? surveys = null;
        foreach (var stmt in Acquires(pass, fn.Body))
        {
            if (FieldPath.Of(pass, stmt.Chan) is not { } sem) continue;
            surveys ??= [];
            if (!surveys.TryGetValue(sem.Key, out var survey)) surveys[sem.Key] = survey = SurveySemaphore(pass, fn.Body, sem);
            // A release after the acquire: a receive before it is a handshake (`<-ch; ..; ch <- true`), no semaphore.
            if (!survey.Trusted || !survey.Releases.Exists(r => r.Pos().Value > stmt.Pos().Value)) continue;
            // A local made unbuffered is a rendezvous: a semaphore has slots.
            if (sem.IsVariable && Channels.ConstantBufferMake(pass, fn.Body, sem.Root) is (0, _)) continue;
            cfg ??= pass.Cfg(fn);
            var releases = new HashSet<Node>(survey.Releases, ReferenceEqualityComparer.Instance);
            if (cfg.Find(stmt) is not var (block, index)) continue;
            var search = new PathSearch(cfg, pass.Info, (b, n) => n >= 0 && releases.Contains(b.Nodes[n]) ? NodeEffect.Sink : NodeEffect.None);
            var exits = search.FindLeaks(block, index, null, null).OfType<ReturnStmt>().ToList();
            if (exits.Count == 0) continue;
            exits.Sort((a, b) => a.Pos().Value.CompareTo(b.Pos().Value));
            var name = sem.Text;
            pass.Report(pass.Span(stmt),
                $"this send takes a slot of the semaphore {name}, which the function gives back with <-{name} (line {pass.Line(survey.Releases.First(r => r.Pos().Value > stmt.Pos().Value))}), but {ExitList.Describe(pass, exits)} without giving it back: each such return keeps a slot for good, and once they hold them all every acquire blocks for ever; release on that path too, or defer func() {{ <-{name} }}() right after acquiring",
                exits.Select(e => new RelatedLocation(pass.Span(e), $"returns holding a slot of {name}")).ToList());
        }
    }

    /// <summary>Sends of an empty value (struct{} or bool) on a channel, as statements outside select and literals.</summary>
    private static List<SendStmt> Acquires(Pass pass, BlockStmt body)
    {
        var found = new List<SendStmt>();
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit or SelectStmt) return false;
            if (n is SendStmt s && pass.Info.TypeOf(s.Chan)?.Underlying is ChanType { Elem: var elem } && IsToken(elem)) found.Add(s);
            return true;
        });
        return found;
    }

    private static bool IsToken(GoType elem) => elem.Underlying is StructType { Fields.Count: 0 } || elem.Underlying is BasicType { Kind: BasicKind.Bool };

    /// <summary>The function's releases of the semaphore (`&lt;-sem` statements outside select and literals), and whether
    /// it keeps the semaphore to itself: no literal mentions it (a goroutine or a deferred func may release it), it is
    /// never handed on as a value, and no other receive takes from it.</summary>
    private static (List<Node> Releases, bool Trusted) SurveySemaphore(Pass pass, BlockStmt body, FieldPath sem)
    {
        var releases = new List<Node>();
        var trusted = true;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (!trusted) return false;
            if (n is not Expr e || FieldPath.Of(pass, e)?.Key != sem.Key || (n is not Ident && n is not SelectorExpr)) return true;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            if (n is Ident id && pass.Info.Defs.ContainsKey(id)) return false; // its definition
            if (ancestors.Any(a => a is FuncLit)) trusted = false;
            else if (parent is SendStmt s && ReferenceEquals(s.Chan, n) && !ancestors.Any(a => a is CommClause)) { }
            else if (parent is UnaryExpr { Op: Token.Arrow } && ancestors.Count >= 2 && ancestors[^2] is ExprStmt release && !ancestors.Any(a => a is CommClause)) releases.Add(release);
            else if (parent is SelectorExpr) return true; // a longer path through it (s.sem.x) is not the channel itself
            else trusted = false;
            return false;
        });
        return (releases, trusted);
    }
}
