using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a worker fed through a channel kept in a map: the package keeps one unbuffered channel per key in a
/// map field (`p.podUpdates[uid] = ch`), starts a worker given that channel (`go p.managePodLoop(ch)`) that ranges
/// over it but can return early (a terminated pod), and sends to the channel it looks up in the map with a plain
/// send (`ch, ok := p.podUpdates[uid]; ...; ch &lt;- opts`). The worker leaves the channel in the map when it
/// returns, so the next update for that key blocks for ever on a channel nobody receives from.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckRegisteredWorkers(Pass pass, FunctionBody fn)
    {
        pass.Info.Nodes.Inspect(fn.Body, NodeKinds.GoStmt | NodeKinds.FuncLit, n =>
        {
            if (n is FuncLit) return false; // a function of its own
            if (n is not GoStmt go || go.Call.Ellipsis.IsValid || Calls.Callee(pass.Info, go.Call) is not { } callee
                || pass.Facts.BodyOf(callee) is not { Decl.Body: { } body } target) return false;
            var parameters = SummaryBuilder.ParamVars(target.Decl, target.Info);
            for (var a = 0; a < go.Call.Args.Count && a < parameters.Count; a++)
            {
                if (Expr.Unparen(go.Call.Args[a]) is not Ident arg || pass.Info.ObjectOf(arg) is not Var { Type.Underlying: ChanType } ch || parameters[a] is not { } param) continue;
                if (RegistryOf(pass, fn.Body, ch) is not { } registry) continue;
                if (OnlyReceiveLoop(target.Info, body, param) is not var (loop, label) || Loops.EarlyExit(loop, label) is not ReturnStmt exit) continue;
                // The worker unregisters itself: it, or a package function it calls, mentions the map.
                if (ReachesWithin(pass, body, 2, n => n is SelectorExpr sel && LockPaths.Of(pass.Info, sel)?.Class == registry)) continue;
                if (PlainSendFromRegistry(pass, registry) is not { } send) continue;
                var name = MustReleaseReporter.DisplayName(callee);
                pass.Report(send,
                    $"this send on a channel kept in the map {registry[(registry.IndexOf('.') + 1)..]} blocks for ever once its worker {name} has returned from its loop receiving from it (return at line {pass.Line(exit)}): the worker leaves the unbuffered channel in the map, so the next value for that key has no receiver and the sender leaks with everything it holds; remove the channel from the map when the worker returns, or keep the worker receiving until the channel is closed",
                    new RelatedLocation(pass.Span(exit), $"{name} returns here, leaving its channel in the map"),
                    new RelatedLocation(pass.Span(go), $"the worker is started here with the channel kept in the map"));
                return false;
            }
            return false;
        });
    }

    /// <summary>The map field class ch is kept in, when ch is made unbuffered and stored into that map here
    /// (`p.podUpdates[uid] = ch`), every other definition of ch being a lookup in the same map.</summary>
    private static string? RegistryOf(Pass pass, BlockStmt body, Var ch)
    {
        string? registry = null;
        var made = false;
        var bad = false;
        Walker.Inspect(body, n =>
        {
            if (bad || n is not AssignStmt a) return !bad;
            for (var i = 0; i < a.Lhs.Count; i++)
            {
                if (Expr.Unparen(a.Lhs[i]) is IndexExpr { X: var m } && i < a.Rhs.Count && Expr.Unparen(a.Rhs[i]) is Ident v && ReferenceEquals(pass.Info.ObjectOf(v), ch))
                {
                    if (MapField(pass, m) is not { } cls || registry != null && registry != cls) bad = true;
                    else registry = cls;
                }
                if (Expr.Unparen(a.Lhs[i]) is not Ident l || !ReferenceEquals(pass.Info.ObjectOf(l), ch)) continue;
                var rhs = a.Rhs.Count == a.Lhs.Count ? a.Rhs[i] : a.Rhs.Count == 1 && i == 0 ? a.Rhs[0] : null;
                if (rhs != null && Channels.IsUnbufferedMake(pass, rhs)) made = true;
                else if (rhs != null && Expr.Unparen(rhs) is IndexExpr { X: var looked } && MapField(pass, looked) is { } cls && (registry == null || registry == cls)) registry = cls;
                else bad = true;
            }
            return !bad;
        });
        return !bad && made ? registry : null;
    }

    /// <summary>The class of a map-of-channels field (`p.podUpdates`), or null.</summary>
    private static string? MapField(Pass pass, Expr e) =>
        Expr.Unparen(e) is SelectorExpr sel && pass.Info.TypeOf(sel)?.Underlying is Semantics.Types.MapType { Elem.Underlying: ChanType } && LockPaths.Of(pass.Info, sel) is { Class: { } cls } ? cls : null;

    /// <summary>The loop that is the body's only use of the parameter: a range over it, or the innermost loop around its
    /// only receive.</summary>
    private static (Stmt Loop, string? Label)? OnlyReceiveLoop(TypeInfo info, BlockStmt body, Var param)
    {
        (Stmt, string?)? found = null;
        var uses = 0;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (n is not Ident id || !ReferenceEquals(info.ObjectOf(id), param)) return true;
            uses++;
            var parent = ancestors.Count > 0 ? ancestors[^1] : null;
            if (parent is RangeStmt r && ReferenceEquals(r.X, id)) found = (r, Label(ancestors, ancestors.Count - 1));
            else if (parent is UnaryExpr { Op: Token.Arrow } && !ancestors.Any(x => x is SelectStmt or FuncLit) && Loops.Innermost(ancestors) is { } loop) found = loop;
            return false;
        });
        return uses == 1 ? found : null;
    }

    /// <summary>A plain send (in no select) on a channel looked up in the registry: `p.m[k] &lt;- v`, or on a local
    /// variable some assignment gives a lookup of it (`ch, ok := p.m[k]`).</summary>
    private static SendStmt? PlainSendFromRegistry(Pass pass, string registry)
    {
        foreach (var fn in pass.Functions)
        {
            SendStmt? found = null;
            var looked = new HashSet<Var>(ReferenceEqualityComparer.Instance);
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (found != null || n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                if (n is AssignStmt a && a.Rhs.Count == 1 && Expr.Unparen(a.Rhs[0]) is IndexExpr { X: var m } && MapField(pass, m) == registry
                    && a.Lhs.Count > 0 && Expr.Unparen(a.Lhs[0]) is Ident l && pass.Info.ObjectOf(l) is Var v)
                    looked.Add(v);
                if (n is SendStmt s && !ancestors.Any(x => x is SelectStmt)
                    && (Expr.Unparen(s.Chan) is Ident c && pass.Info.ObjectOf(c) is Var cv && looked.Contains(cv)
                        || Expr.Unparen(s.Chan) is IndexExpr { X: var m2 } && MapField(pass, m2) == registry))
                    found = s;
                return found == null;
            });
            if (found != null) return found;
        }
        return null;
    }
}
