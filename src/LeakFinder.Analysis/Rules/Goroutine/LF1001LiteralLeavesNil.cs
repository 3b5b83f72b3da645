using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1001 for a value built by a second construction path that forgets a channel: the package's literals of a type
/// make its channel field (`updateCh: make(chan T, 8)` in the constructor), but another keyed literal of that type
/// leaves it out (`&amp;allocRunner{alloc: a, waitCh: ...}` when restoring from disk), and the function building it
/// starts a method on it (`go ar.Run()`) that ranges over or receives from that field: a nil channel never
/// delivers, so the goroutine blocks for ever.
/// </summary>
public sealed partial class LF1001BlockedChannel
{
    private static void CheckLiteralsLeavingNil(Pass pass)
    {
        Dictionary<string, Node>? madeBy = null; // field class -> a literal element that makes it
        HashSet<string>? assigned = null;        // classes given a value outside literals
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl) continue;
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.CompositeLit | NodeKinds.AssignStmt, n =>
            {
                if (n is CompositeLit lit && pass.Info.TypeOf(lit) is NamedType { Underlying: Semantics.Types.StructType } named)
                    foreach (var e in lit.Elts)
                        if (e is KeyValueExpr { Key: Ident key } kv && Expr.Unparen(kv.Value) is CallExpr call && Calls.BuiltinName(pass.Info, call) == "make"
                            && pass.Info.TypeOf(kv.Value)?.Underlying is ChanType)
                            (madeBy ??= new(StringComparer.Ordinal)).TryAdd((named.Origin ?? named).Obj.Name + "." + key.Name, kv);
                if (n is AssignStmt a)
                    foreach (var l in a.Lhs)
                        if (LockPaths.Of(pass.Info, l) is { Class: { } cls }) (assigned ??= new(StringComparer.Ordinal)).Add(cls);
                return true;
            });
        }
        if (madeBy == null) return;
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl) continue;
            foreach (var stmt in TopLevelStatements(fn.Body))
            {
                if (stmt is not AssignStmt { Tok: Token.Define, Lhs: [Ident id], Rhs: [var rhs] } || pass.Info.Defs.GetValueOrDefault(id) is not Var v) continue;
                var lit = Expr.Unparen(rhs) is UnaryExpr { Op: Token.And, X: var x } ? Expr.Unparen(x) as CompositeLit : Expr.Unparen(rhs) as CompositeLit;
                if (lit == null || pass.Info.TypeOf(lit) is not NamedType named || lit.Elts.Count > 0 && lit.Elts[0] is not KeyValueExpr) continue;
                var type = (named.Origin ?? named).Obj.Name;
                var keys = lit.Elts.OfType<KeyValueExpr>().Select(kv => (kv.Key as Ident)?.Name).ToHashSet();
                foreach (var (cls, made) in madeBy)
                {
                    if (!cls.StartsWith(type + ".", StringComparison.Ordinal) || keys.Contains(cls[(type.Length + 1)..]) || assigned?.Contains(cls) == true) continue;
                    if (StartedBlockingOn(pass, fn.Body, v, cls) is not var (go, at)) continue;
                    var field = cls[(type.Length + 1)..];
                    pass.Report(lit,
                        $"this {type} literal leaves {field} nil, though the package's other {type} literals make it (line {pass.Line(made)}), and the goroutine started on it blocks on {v.Name}.{field}: a nil channel never delivers, so that goroutine (and any sender on {field}) waits for ever and leaks; make {field} here too, or build the value with the constructor",
                        new RelatedLocation(pass.Span(made), $"{field} is made here in another {type} literal"),
                        new RelatedLocation(pass.Span(go), "the goroutine is started here"),
                        new RelatedLocation(pass.Span(at), $"it blocks here on the nil {field}"));
                    break;
                }
            }
        }
    }

    /// <summary>Statements of the body and of the blocks nested in it (not inside function literals).</summary>
    private static IEnumerable<Stmt> TopLevelStatements(BlockStmt body)
    {
        var all = new List<Stmt>();
        Walker.Inspect(body, n =>
        {
            if (n is FuncLit) return false;
            if (n is BlockStmt b) all.AddRange(b.List);
            return true;
        });
        return all;
    }

    /// <summary>`go v.M()` in the body, M a method of the package that ranges over its receiver's field of the class or
    /// receives from it outside any select (a nil case in a select is only switched off): the go and the blocking op.</summary>
    private static (GoStmt Go, Node At)? StartedBlockingOn(Pass pass, BlockStmt body, Var v, string cls)
    {
        (GoStmt, Node)? found = null;
        Walker.Inspect(body, n =>
        {
            if (found != null || n is FuncLit) return false;
            if (n is GoStmt { Call.Fun: SelectorExpr { X: Ident r } } go && ReferenceEquals(pass.Info.ObjectOf(r), v)
                && Calls.Callee(pass.Info, go.Call) is { IsMethod: true } m && pass.Facts.BodyOf(m) is { Decl.Body: { } mb } target && ReferenceEquals(target.Info, pass.Info)
                && RunLoops.ReceiverOf(pass.Info, target.Decl) is { } recv)
                Walker.InspectWithAncestors(mb, (x, ancestors) =>
                {
                    if (found != null || x is FuncLit) return false;
                    var blocked = x switch
                    {
                        RangeStmt rs when RunLoops.FieldOf(pass.Info, rs.X, recv) == cls => (Node)rs,
                        UnaryExpr { Op: Token.Arrow } u when RunLoops.FieldOf(pass.Info, u.X, recv) == cls && !ancestors.Any(a => a is SelectStmt) => u,
                        _ => null,
                    };
                    if (blocked != null) found = (go, blocked);
                    return found == null;
                });
            return found == null;
        });
        return found;
    }
}
