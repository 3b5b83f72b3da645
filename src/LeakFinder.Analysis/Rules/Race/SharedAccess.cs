using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// The engine LF7001 (maps) and LF7005 (variables, fields, slice elements) share: the goroutine literals a
/// function starts, which of their writes nothing orders, whether a loop runs many of them at once, and the
/// starter's own use of what they write before anything could wait for them.
/// </summary>
internal static class SharedAccess
{
    /// <summary>A goroutine literal: started by a go statement, or (<paramref name="Via"/>) by an errgroup's Go.</summary>
    public sealed record Start(Node Function, Stmt Stmt, Node Via, FuncLit Lit, BlockStmt Block, IReadOnlyList<Stmt> Rest, Stmt? Loop);

    /// <summary>Every goroutine literal the package starts, with the statements of its block that follow the start
    /// and the innermost loop around it. errgroup's `g.Go(func() error {...})` counts only when asked.</summary>
    /// <remarks>The rule reading it requires <see cref="StartsAnalysis"/>.</remarks>
    public static List<Start> Starts(Pass pass, bool errgroups)
    {
        var found = new List<Start>();
        foreach (var (start, goFunction) in pass.ResultOf(StartsAnalysis))
            if (errgroups || goFunction && start.Via is GoStmt) found.Add(start);
        return found;
    }

    /// <summary>The starts of <see cref="Starts"/> with errgroups, each with whether its function holds a go statement
    /// of a literal (the starts without errgroups are the go statements of those functions). Found once per package
    /// for LF7001, LF7005 and LF7006, which each walked the package for them.</summary>
    public static readonly PackageAnalysis<IReadOnlyList<(Start Start, bool GoFunction)>> StartsAnalysis =
        new("goroutine-starts", "the goroutine literals the package starts (go statements and errgroup Go calls)",
            pass => FindStarts(pass.Info, pass.Functions, pass.ResultOf(FunctionCfgs.Analysis).Of), FunctionCfgs.Analysis) { OnDemand = true };

    private static List<(Start, bool)> FindStarts(TypeInfo info, IReadOnlyList<FunctionBody> functions, Func<FunctionBody, ControlFlowGraph> cfgOf)
    {
        var found = new List<(Start, bool)>();
        foreach (var fn in functions)
        {
            var goFunction = AnyNode(cfgOf(fn), n => n is GoStmt { Call.Fun: FuncLit });
            if (!goFunction && !AnyNode(cfgOf(fn), n => n is ExprStmt { X: CallExpr c } && ErrgroupGo(info, c) != null)) continue;
            Walker.InspectWithAncestors(fn.Body, (n, ancestors) =>
            {
                if (n is FuncLit) return false;
                var (via, lit) = n switch
                {
                    GoStmt { Call.Fun: FuncLit l } g => ((Node)g, l),
                    ExprStmt { X: CallExpr c } when ErrgroupGo(info, c) is { } l => (c, l),
                    _ => ((Node?)null, (FuncLit?)null),
                };
                if (via == null || ancestors[^1] is not BlockStmt block) return true;
                var stmt = (Stmt)n;
                var rest = block.List.SkipWhile(s => !ReferenceEquals(s, stmt)).Skip(1).ToList();
                var loop = ancestors.LastOrDefault(a => a is ForStmt or RangeStmt) as Stmt;
                if (loop != null && ancestors.Skip(ancestors.ToList().IndexOf(loop)).Any(a => a is FuncLit)) loop = null;
                found.Add((new Start(fn.Function, stmt, via, lit!, block, rest, loop), goFunction));
                return true;
            });
        }
        return found;
    }

    /// <summary>Whether a statement-level node of the CFG matches (<see cref="Pass.AnyNode"/>).</summary>
    private static bool AnyNode(ControlFlowGraph cfg, Func<Node, bool> match)
    {
        var blocks = cfg.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            var nodes = blocks[b].Nodes;
            for (var i = 0; i < nodes.Count; i++)
                if (match(nodes[i])) return true;
        }
        return false;
    }

    /// <summary>`g.Go(func() error {...})` on an errgroup.Group: the literal it starts as a goroutine.</summary>
    private static FuncLit? ErrgroupGo(TypeInfo info, CallExpr c) =>
        c is { Args: [FuncLit lit] } && Calls.Callee(info, c) is { Name: "Go", Signature.Recv: { } recv }
        && (recv.Type is PointerType p ? p.Elem : recv.Type) is NamedType { Obj: { Name: "Group", Pkg.Path: var path } }
        && (path == "errgroup" || path.EndsWith("/errgroup", StringComparison.Ordinal)) ? lit : null;

    /// <summary>A lock anywhere in the node, its nested literals included (a deferred unlock in one).</summary>
    public static bool LocksAnywhere(Pass pass, Node node) =>
        Walker.Any(node, n => n is CallExpr c && Handoffs.IsLockCall(pass, c));

    /// <summary>The writes no statement of the literal before them could order (a receive, a Wait, a lock):
    /// what it does after the write (wg.Done, a send) orders nothing before it for another writer.</summary>
    public static List<T> Unordered<T>(Pass pass, FuncLit lit, List<T> writes, Func<T, Node> at) =>
        writes.FindAll(w => !lit.Body.List.Any(s => s.Pos().Value <= at(w).Pos().Value && Handoffs.Synchronises(pass, s)));

    /// <summary>The writes nothing orders between two goroutines the same loop starts: as <see cref="Unordered"/>,
    /// except that a receive before the write (a worker ranging over a shared queue) does not order two workers,
    /// each receiving its own item. A literal that sends anywhere may pass a token back (a channel used as a
    /// lock), so for it receives still count.</summary>
    public static List<T> UnorderedAmongWorkers<T>(Pass pass, FuncLit lit, List<T> writes, Func<T, Node> at)
    {
        if (Walker.Any(lit.Body, n => n is SendStmt, intoLiterals: false)) return Unordered(pass, lit, writes, at);
        return writes.FindAll(w => !lit.Body.List.Any(s => s.Pos().Value <= at(w).Pos().Value && Handoffs.Synchronises(pass, s, receivesOrder: false)));
    }

    /// <summary>The loop starts one goroutine per iteration that overlap: nothing else in the loop body waits
    /// (the errgroup call starting the literal aside), the loop does not range over a channel, and the start is
    /// not followed by a return or break (which would start at most one).</summary>
    public static bool ManyGoroutines(Pass pass, Start start)
    {
        var body = start.Loop switch { ForStmt f => f.Body, RangeStmt r => r.Body, _ => null };
        if (body == null || Handoffs.Synchronises(pass, body, except: start.Via)) return false;
        if (start.Loop is RangeStmt r2 && pass.Info.TypeOf(r2.X)?.Underlying is ChanType) return false;
        return !start.Rest.Any(s => s is ReturnStmt || s is BranchStmt { Tok: Token.Break or Token.Goto });
    }

    /// <summary>A variable shared by every iteration of the loop: declared before it (or at package level),
    /// and not assigned anew by the loop itself (a fresh map or counter per iteration; the goroutines' own
    /// writes are what is being judged).</summary>
    public static bool SharedByIterations(Pass pass, Var v, Node loop) =>
        (LockPaths.IsGlobal(v) || v.Pos < loop.Pos().Value) && !Walker.Any(loop, n =>
            n is AssignStmt a && a.Lhs.Any(l => Expr.Unparen(l) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), v)), intoLiterals: false);

    public static bool Inside(Var v, Node n) => v.Pos >= n.Pos().Value && v.Pos < n.End().Value;

    /// <summary>The starter's first use of what the goroutine writes, in the statements after the start, before
    /// anything that may order the two: a lock, channel operation or Wait, another go or a defer, or a call the
    /// rules do not follow (it may wait). A use in the arguments of such a call still counts: Go evaluates
    /// them before the call, except an assignment's left side, written after its right side is.</summary>
    /// <remarks>A select that waits for the goroutine in one case does not in the others: a case that hears
    /// only from a timer (`<-time.After(d)`, `<-t.C`) or the default runs without it, so uses there count.</remarks>
    public static Expr? StarterUse(Pass pass, IReadOnlyList<Stmt> rest, Func<Expr, bool> names)
    {
        foreach (var stmt in rest)
        {
            if (stmt is SelectStmt select) return UnorderedCaseUse(pass, select, names);
            if (Handoffs.Synchronises(pass, stmt) || stmt is GoStmt or DeferStmt) return null;
            var callEnd = FirstCallEnd(pass, stmt);
            Expr? use = null;
            Walker.Inspect(stmt, n =>
            {
                if (use != null || n is FuncLit) return false;
                if (n is Expr e and (Ident or SelectorExpr or IndexExpr) && names(e))
                {
                    var late = stmt is AssignStmt a && a.Lhs.Any(l => l.Pos().Value <= e.Pos().Value && e.End().Value <= l.End().Value) && callEnd != int.MaxValue;
                    if (!late && e.Pos().Value < callEnd) use = e;
                    return false;
                }
                return true;
            });
            if (use != null) return use;
            if (callEnd != int.MaxValue) return null;
        }
        return null;
    }

    /// <summary>The first use in a case of the select that runs without hearing from any goroutine: the default,
    /// or a receive from a timer. Other cases (a receive from a channel the goroutine may send on or close, a
    /// send, a context's Done) may be ordered after it.</summary>
    private static Expr? UnorderedCaseUse(Pass pass, SelectStmt select, Func<Expr, bool> names)
    {
        foreach (var clause in select.Body.List.OfType<CommClause>())
            if ((clause.Comm == null || Handoffs.TimerReceive(pass, clause.Comm)) && StarterUse(pass, clause.Body, names) is { } use)
                return use;
        return null;
    }

    /// <summary>Where the statement's first call the rules do not follow ends (any call but a builtin, a
    /// conversion or a standard function that cannot order goroutines, outside literals); int.MaxValue when it makes none.</summary>
    private static int FirstCallEnd(Pass pass, Stmt stmt)
    {
        var end = int.MaxValue;
        Walker.Inspect(stmt, n =>
        {
            if (n is FuncLit) return false;
            if (n is CallExpr c && Calls.BuiltinName(pass.Info, c) is null && !Calls.IsConversion(pass.Info, c) && !Handoffs.CannotOrder(pass, c)) end = Math.Min(end, c.End().Value);
            return true;
        });
        return end;
    }

    /// <summary>A goroutine its starter does not wait for (nothing after the go statement in its block orders
    /// anything): the literal it runs, or the package method it starts (`go s.run()`) with that method's receiver.</summary>
    public sealed record Background(Node Function, GoStmt Go, Node Body, FuncLit? Lit, Var? Receiver);

    /// <summary>Every goroutine of the package its starter leaves running: what LF7001 and LF7005 check for a
    /// background writer whose fields exported methods read. Found once per package, when the first asks.</summary>
    public static readonly PackageAnalysis<IReadOnlyList<Background>> BackgroundStartsAnalysis =
        new("background-starts", "the goroutines of the package that their starters leave running",
            pass => BackgroundStarts(pass.Info, pass.Functions, Declarations(pass.Info, pass.Functions))) { OnDemand = true };

    private static List<Background> BackgroundStarts(TypeInfo info, IReadOnlyList<FunctionBody> functions, IReadOnlyDictionary<Func, FuncDecl> decls)
    {
        var found = new List<Background>();
        foreach (var fn in functions)
            info.Nodes.Inspect(fn.Body, NodeKinds.FuncLit | NodeKinds.GoStmt, (n, ancestors) =>
            {
                if (n is FuncLit) return false;
                if (n is not GoStmt go || ancestors.Up(1) is not BlockStmt block) return true;
                if (SynchronisedAfter(info, block, go)) return true;
                if (go.Call.Fun is FuncLit lit) found.Add(new Background(fn.Function, go, lit, lit, null));
                else if (Calls.Callee(info, go.Call) is { IsMethod: true } m && decls.TryGetValue(m, out var md) && RunLoops.ReceiverOf(info, md) is { } recv)
                    found.Add(new Background(fn.Function, go, md.Body!, null, recv));
                return true;
            });
        return found;
    }

    /// <summary>Whether a statement after <paramref name="go"/> in its block synchronises with the goroutine. A loop, not
    /// SkipWhile(s => s != go): a lambda capturing go made BackgroundStarts allocate a closure for every node it walked.</summary>
    private static bool SynchronisedAfter(TypeInfo info, BlockStmt block, GoStmt go)
    {
        var after = false;
        foreach (var s in block.List)
        {
            if (after && Handoffs.Synchronises(info, s)) return true;
            if (ReferenceEquals(s, go)) after = true;
        }
        return false;
    }

    /// <summary>The field a one-step path names on its root (`s.cache`: "cache"), when the root is
    /// <paramref name="root"/> (any root when null); null for a variable or a deeper path.</summary>
    public static string? FieldOf(FieldPath path, Var? root) =>
        path.Text.Count(c => c == '.') == 1 && (root == null || ReferenceEquals(path.Root, root)) ? path.Text[(path.Text.IndexOf('.') + 1)..] : null;

    /// <summary>The package's function declarations with bodies, by their object.</summary>
    public static Dictionary<Func, FuncDecl> Declarations(Pass pass) => Declarations(pass.Info, pass.Functions);

    public static Dictionary<Func, FuncDecl> Declarations(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var decls = new Dictionary<Func, FuncDecl>(functions.Count, ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
            if (fn.Function is FuncDecl { Body: not null } d && info.ObjectOf(d.Name) is Func f) decls[f] = d;
        return decls;
    }

    /// <summary>A use of a method's receiver field.</summary>
    public sealed record MethodUse(FuncDecl Method, Var Receiver, Expr Use);

    /// <summary>The first exported method of the owner type (not one <paramref name="skip"/> rules out) that
    /// locks nothing and uses the receiver's field (an expression <paramref name="match"/> accepts): a caller of
    /// it races with a goroutine writing the field unguarded.</summary>
    public static MethodUse? UnlockedMethodUse(Pass pass, string? owner, Func<FuncDecl, bool> skip, string field, Func<Expr, bool> match)
    {
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Recv: not null, Body: { } body } method || !char.IsUpper(method.Name.Name[0]) || skip(method)) continue;
            if (RunLoops.ReceiverOf(pass.Info, method) is not { } recv || RunLoops.OwnerOf(recv) != owner || LocksAnywhere(pass, body)) continue;
            Expr? use = null;
            Walker.Inspect(body, n =>
            {
                if (use != null || n is FuncLit) return false;
                if (n is SelectorExpr { X: Ident id } s && s.Sel.Name == field && ReferenceEquals(pass.Info.ObjectOf(id), recv) && match(s)) use = s;
                return use == null;
            });
            if (use != null) return new MethodUse(method, recv, use);
        }
        return null;
    }

    /// <summary>The package's functions the code calls, directly or through others: for a goroutine's body, they run on it.</summary>
    public static HashSet<FuncDecl> CalledFrom(Pass pass, Node body, Dictionary<Func, FuncDecl> decls)
    {
        var seen = new HashSet<FuncDecl>(ReferenceEqualityComparer.Instance);
        var work = new Stack<Node>([body]);
        while (work.TryPop(out var cur))
            pass.Info.Nodes.Inspect(cur, NodeKinds.CallExpr, n =>
            {
                if (n is CallExpr call && Calls.Callee(pass.Info, call) is { } f && decls.TryGetValue(f, out var d) && seen.Add(d)) work.Push(d);
                return true;
            });
        return seen;
    }
}
