using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7003: a function literal that runs after its loop iteration (a goroutine, a deferred call, a parallel
/// subtest, a function handed to errgroup's Go or time.AfterFunc, or one stored outside the loop) uses a
/// variable the `for` statement declares, in code whose Go version is before 1.22: until then each loop has
/// one such variable, which every iteration overwrites, so the literal sees a later value than it was made
/// with and races with the loop. Silent when the iteration waits (a Wait call or a receive follows it) or
/// leaves the loop right after, and for the usual fixes (`v := v`, passing v as an argument), which give the
/// literal a variable of its own. Docs: docs/rules/LF7003.md.
/// </summary>
public sealed class LF7003LoopVariableCapture : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF7003", "loop-variable-capture", RuleCategory.Race, Severity.Warning,
        "A goroutine or deferred function uses a loop variable that later iterations overwrite (before Go 1.22)")
    {
        Since = "0.5",
        Summary = "a goroutine, deferred or parallel-subtest closure using a `for` loop variable, before Go 1.22",
    };

    /// <summary>From Go 1.22 each iteration has its own loop variables (the module's go line, or a file's
    /// //go:build go1.22, decides); unknown versions stay silent, as a GOPATH build uses the toolchain's.</summary>
    public static readonly GoVersion PerIterationSince = new(1, 22);

    /// <summary>A literal that runs after the statement that makes it, and how the message names it.</summary>
    internal sealed record Later(FuncLit Lit, Node At, string What, bool WaitsMatter, int From);

    /// <summary>A literal run after its iteration that reads loop variables (Uses, the first read of each) declared by Loop.</summary>
    internal sealed record Capture(Stmt Loop, Later Later, List<Ident> Uses, GoVersion Version);

    public override void Run(Pass pass)
    {
        foreach (var c in Captures(pass))
            // A goroutine sending on a channel it reaches through the variable is LF1001's: it blocks.
            if (!(c.Later.At is GoStmt && CapturedSend(pass, c) != null)) Report(pass, c);
    }

    /// <summary>Every literal of the package, in code before Go 1.22, that runs after its iteration and reads a variable
    /// its loop declares, unless the iteration ends the loop or waits for it.</summary>
    internal static List<Capture> Captures(Pass pass)
    {
        var found = new List<Capture>();
        foreach (var fn in pass.Functions)
            Loops.Walk(pass.Info.Nodes, fn.Body, NodeKinds.ForStmt | NodeKinds.RangeStmt, (n, _) =>
            {
                if (n is not (ForStmt or RangeStmt) || pass.GoVersionAt(n) is not { } v || v >= PerIterationSince) return;
                var vars = LoopVariables(pass.Info, (Stmt)n);
                if (vars.Count > 0) Check(pass, (Stmt)n, vars, v, found);
            });
        return found;
    }

    /// <summary>A plain send (not a select case) in the capture's literal on a channel reached through a captured loop
    /// variable (`w.ch &lt;- ev`, `ch &lt;- v`); null when there is none.</summary>
    internal static SendStmt? CapturedSend(Pass pass, Capture c)
    {
        var vars = c.Uses.Select(u => pass.Info.ObjectOf(u)).OfType<Var>().ToHashSet(ReferenceEqualityComparer.Instance);
        SendStmt? found = null;
        Walker.InspectWithAncestors(c.Later.Lit.Body, (n, ancestors) =>
        {
            if (found != null || n is FuncLit) return false;
            if (n is SendStmt s && !ancestors.Any(a => a is CommClause) && Facts.LockPaths.Of(pass.Info, s.Chan) is { } p && vars.Contains(p.Root)) found = s;
            return found == null;
        });
        return found;
    }

    /// <summary>The variables a for statement declares: `for i := ...` and `for k, v := range`.</summary>
    private static List<Var> LoopVariables(TypeInfo info, Stmt loop)
    {
        var idents = loop switch
        {
            ForStmt { Init: AssignStmt { Tok: Token.Define } a } => a.Lhs.OfType<Ident>().ToList(),
            RangeStmt { Tok: Token.Define } r => new[] { r.Key, r.Value }.OfType<Ident>().ToList(),
            _ => [],
        };
        return idents.Select(id => info.ObjectOf(id)).OfType<Var>().Where(v => v.Name != "_").ToList();
    }

    private static void Check(Pass pass, Stmt loop, List<Var> vars, GoVersion version, List<Capture> found)
    {
        var body = loop is ForStmt f ? f.Body : ((RangeStmt)loop).Body;
        pass.Info.Nodes.Inspect(body, NodeKinds.FuncLit, (n, above) =>
        {
            // The loop leads the ancestors: LaterRun and Report look up to it.
            var ancestors = above.ToList();
            ancestors.Insert(0, loop);
            if (n is FuncLit lit && LaterRun(pass, lit, ancestors) is { } later && Uses(pass, vars, later) is { Count: > 0 } uses && !EndsOrWaits(pass.Info, later, ancestors))
                found.Add(new Capture(loop, later, uses, version));
            return false;
        });
    }

    /// <summary>How the literal runs after the statement that makes it, or null when it may run at once (called
    /// there, handed to a function that may call it synchronously: sort.Slice, a t.Run without t.Parallel).</summary>
    private static Later? LaterRun(Pass pass, FuncLit lit, List<Node> ancestors)
    {
        var parent = ancestors[^1];
        var all = lit.Pos().Value;
        switch (parent)
        {
            case CallExpr call when ReferenceEquals(Expr.Unparen(call.Fun), lit):
                return ancestors.Count > 1 && ancestors[^2] switch
                {
                    GoStmt g when ReferenceEquals(g.Call, call) => true,
                    DeferStmt d when ReferenceEquals(d.Call, call) => true,
                    _ => false,
                }
                    ? new Later(lit, ancestors[^2], ancestors[^2] is GoStmt ? "the goroutine started here" : "the function deferred here", ancestors[^2] is GoStmt, all)
                    : null;
            case CallExpr call when call.Args.Contains(lit) && Calls.Callee(pass.Info, call) is { } callee:
                if (callee.FullName == "time.AfterFunc") return new Later(lit, call, "the function time.AfterFunc runs", false, all);
                if (callee.IsMethod && callee.Name == "Go" && callee.Signature is { Params.Count: 1 }) return new Later(lit, call, $"the function {MustReleaseReporter.DisplayName(callee)} runs in a goroutine", true, all);
                if (callee.FullName == "(*testing.T).Run" && ParallelCall(pass, lit) is { } parallel)
                    return new Later(lit, call, "the parallel subtest started here", false, parallel.End().Value);
                return null;
            case CallExpr call when Calls.BuiltinName(pass.Info, call) == "append" && call.Args.Skip(1).Contains(lit)
                                    && ancestors.Count > 1 && ancestors[^2] is AssignStmt { Lhs.Count: 1 } store && StoredOutside(pass, store.Lhs[0], ancestors, appended: true):
                return new Later(lit, store, "the function stored here", false, all);
            case AssignStmt { Tok: Token.Assign } a when a.Rhs.Contains(lit) && a.Lhs.Count == a.Rhs.Count:
                var i = 0;
                while (!ReferenceEquals(a.Rhs[i], lit)) i++;
                return StoredOutside(pass, a.Lhs[i], ancestors, appended: false) ? new Later(lit, a, "the function stored here", false, all) : null;
            default:
                return null;
        }
    }

    /// <summary>The statement `t.Parallel()` at the top level of a subtest's literal, t being its parameter:
    /// the subtest pauses there and resumes after the loop has moved on.</summary>
    private static ExprStmt? ParallelCall(Pass pass, FuncLit lit)
    {
        if (lit.Type.Params is not { List.Count: 1 } ps || ps.List[0].Names.Count != 1 || pass.Info.ObjectOf(ps.List[0].Names[0]) is not Var t) return null;
        foreach (var s in lit.Body.List)
            if (s is ExprStmt { X: CallExpr { Fun: SelectorExpr { Sel.Name: "Parallel", X: Ident recv } } } es && ReferenceEquals(pass.Info.ObjectOf(recv), t))
                return es;
        return null;
    }

    /// <summary>Whether the store keeps one function per iteration beyond it: an element of a slice or map (or a
    /// field of one: `peers[i].close = func...`) rooted in a variable declared outside the loop (the outermost
    /// ancestor), or an append to one. A plain variable or field is replaced by the next iteration, so only the
    /// last literal survives the loop (a test hook set and used in each iteration), and for a range loop that
    /// one sees its own values.</summary>
    private static bool StoredOutside(Pass pass, Expr target, List<Node> ancestors, bool appended)
    {
        var root = Expr.Unparen(target);
        var element = appended;
        while (true)
        {
            switch (root)
            {
                case SelectorExpr s: root = Expr.Unparen(s.X); continue;
                case IndexExpr ix: element = true; root = Expr.Unparen(ix.X); continue;
                case StarExpr st: root = Expr.Unparen(st.X); continue;
            }
            break;
        }
        if (!element || root is not Ident id || pass.Info.ObjectOf(id) is not Var v) return false;
        var loop = ancestors[0];
        return v.Pos < loop.Pos().Value || v.Pos >= loop.End().Value;
    }

    /// <summary>The first read of each loop variable in the literal, after the point it runs from.</summary>
    private static List<Ident> Uses(Pass pass, List<Var> vars, Later later)
    {
        var uses = new List<Ident>();
        pass.Info.Nodes.Inspect(later.Lit.Body, NodeKinds.Ident, n =>
        {
            if (n is Ident id && id.Pos().Value >= later.From && pass.Info.Uses.TryGetValue(id, out var o) && o is Var v && vars.Contains(v)
                && !uses.Exists(u => ReferenceEquals(pass.Info.ObjectOf(u), v)))
                uses.Add(id);
            return true;
        });
        return uses;
    }

    private static void Report(Pass pass, Capture c)
    {
        var (loop, later, uses, version) = (c.Loop, c.Later, c.Uses, c.Version);
        var names = string.Join(" and ", uses.Select(u => u.Name));
        var one = uses.Count == 1;
        var first = uses[0].Name;
        pass.Report(later.At,
            $"{later.What} uses the loop variable{(one ? "" : "s")} {names}, which before Go 1.22 {(one ? "is one variable" : "are variables")} shared by every iteration (the module's go.mod says {version}): by the time it runs, later iterations have overwritten {(one ? "it" : "them")}, and its reads race with the loop's writes; copy {(one ? "it" : "them")} in the loop body ({first} := {first}) or pass {(one ? "it" : "them")} as an argument",
            [
                .. uses.Select(u => new RelatedLocation(pass.Span(u), $"{u.Name} is read here, after its iteration")),
                new RelatedLocation(pass.Span(loop.Pos(), loop.Pos() + 3), "the loop that declares it"),
            ]);
    }

    /// <summary>Whether the iteration that makes the literal ends the loop (a return, break or goto right after,
    /// in a block that leads to the loop), or, for a goroutine, waits before going on (a Wait call, a receive, a
    /// select, a use of the other end of a pair it holds one end of): then no later iteration writes the variable
    /// while the literal may read it.</summary>
    private static bool EndsOrWaits(TypeInfo info, Later later, List<Node> ancestors)
    {
        var partners = later.WaitsMatter ? Partners(info, later.Lit, (BlockStmt)ancestors[1]) : [];
        // Loops, switches and selects between the block looked at and the loop, which an unlabeled break leaves instead.
        var inner = ancestors.Skip(1).Count(Breakable);
        for (var i = ancestors.Count - 1; i >= 1; i--)
        {
            if (Breakable(ancestors[i])) inner--;
            IEnumerable<Stmt>? list = ancestors[i] switch
            {
                BlockStmt b => (IEnumerable<Stmt>)b.List,
                CaseClause c => c.Body,
                CommClause c => c.Body,
                _ => null,
            };
            if (list == null) continue;
            var child = i + 1 < ancestors.Count ? ancestors[i + 1] : later.At;
            var after = false;
            foreach (var s in list)
            {
                if (ReferenceEquals(s, child) || s.Pos().Value <= child.Pos().Value && s.End().Value >= child.End().Value)
                {
                    after = true;
                    continue;
                }
                if (!after) continue;
                if (s is ReturnStmt or BranchStmt { Tok: Token.Goto } or BranchStmt { Tok: Token.Break, Label: not null }) return true;
                if (s is BranchStmt { Tok: Token.Break } && inner == 0) return true;
                if (s is ExprStmt { X: CallExpr { Fun: Ident { Name: "panic" } } }) return true;
                if (later.WaitsMatter && Waits(info, s, partners)) return true;
            }
        }
        return false;
    }

    /// <summary>The other ends of the pairs the iteration makes (`w, r := net.Pipe()`, `a, b := socketpair()`) when the
    /// goroutine holds one end: the iteration that then uses its end talks to the goroutine, and waits on it. Only
    /// values that can carry a conversation count (pointers, interfaces, channels), never the error beside a result.</summary>
    private static HashSet<GoObject> Partners(TypeInfo info, FuncLit lit, BlockStmt iteration)
    {
        var held = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        info.Nodes.Inspect(lit.Body, NodeKinds.Ident, n =>
        {
            if (n is Ident id && info.Uses.TryGetValue(id, out var o)) held.Add(o);
            return true;
        });
        var partners = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        foreach (var stmt in iteration.List)
        {
            if (stmt is not AssignStmt { Tok: Token.Define, Lhs.Count: >= 2 } pair) continue;
            var ends = pair.Lhs.OfType<Ident>().Select(info.ObjectOf).OfType<Var>()
                .Where(v => v.Type.Underlying is PointerType or Semantics.Types.InterfaceType or Semantics.Types.ChanType && v.Type is not NamedType { Obj: { Name: "error", Pkg: null } })
                .ToList();
            if (!ends.Any(held.Contains)) continue;
            foreach (var e in ends)
                if (!held.Contains(e)) partners.Add(e);
        }
        return partners;
    }

    private static bool Breakable(Node n) => n is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt;

    private static bool Waits(TypeInfo info, Stmt s, HashSet<GoObject> partners)
    {
        var waits = false;
        info.Nodes.Inspect(s, NodeKinds.FuncLit | NodeKinds.SelectStmt | NodeKinds.UnaryExpr | NodeKinds.CallExpr | NodeKinds.Ident, n =>
        {
            if (waits || n is FuncLit) return false;
            if (n is SelectStmt or UnaryExpr { Op: Token.Arrow } or CallExpr { Fun: SelectorExpr { Sel.Name: "Wait" } }) waits = true;
            if (n is Ident id && partners.Count > 0 && info.ObjectOf(id) is { } o && partners.Contains(o)) waits = true;
            return !waits;
        });
        return waits;
    }
}
