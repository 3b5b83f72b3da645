using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1009: a method starts a goroutine that ends only when its context is cancelled, and keeps that context's
/// cancel in a field of its receiver (`ctx, cancel := context.WithCancel(..); e.cancel = cancel; go e.renew(ctx)`).
/// The goroutine then lives exactly as long as somebody calls the field, and two ways lose it:
/// <list type="bullet">
/// <item>the method that calls it returns early on a path, guarded by a field that neither it nor the starter
/// sets (a leader elector's Stop returning when this member never became leader: the flag is the renew loop's);
/// a guard the starter or the canceller itself maintains (`running`, `closed`) is the idempotency idiom, silent;</item>
/// <item>the starter replaces the field without calling the cancel it holds, and the package calls the starter
/// twice on one value with no cancelling call between (a watch plan restarted on reload);</item>
/// <item>a function returns the value holding the cancel, and a caller drops it (a transaction begun and never
/// rolled back).</item>
/// </list>
/// Docs: docs/rules/LF1009.md.
/// </summary>
public sealed partial class LF1009CancelFieldLost : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1009", "cancel-field-lost", RuleCategory.GoroutineLeak, Severity.Error,
        "A goroutine's context cancel kept in a field is skipped on a path, overwritten or dropped")
    {
        Since = "0.5",
        Summary = "the cancel of a goroutine's context, kept in a field, skipped by an early return of the method that calls it, overwritten by a second start, dropped with the value that holds it, or called only after waiting for that goroutine; a cancel discarded while a goroutine waits only on that context, derived from a root context; a cancel called only by one of the functions handed to a `sync.Once` that another path uses first",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [NeverDoneContexts.Analysis];

    /// <summary>A started goroutine that only its context ends, and the field that holds the cancel.</summary>
    private sealed record Started(FuncDecl Starter, Var Receiver, string Field, string FieldName, AssignStmt Store, int StoreIndex, string Goroutine, GoStmt Go);

    /// <summary>A function that returns a value (Index of its results) holding in field CancelField the cancel of the
    /// context a goroutine it started waits on.</summary>
    private sealed record Owner(FuncDecl Maker, int Index, int Results, string Type, string CancelField, string Goroutine, GoStmt Go)
    {
        /// <summary>The literal's `cancel: cancel` element, where the cancel is stored.</summary>
        public required KeyValueExpr Store { get; init; }
    }

    public override void Run(Pass pass)
    {
        var decls = pass.Functions.Select(f => f.Function).OfType<FuncDecl>().Where(d => d.Body != null).ToList();
        var onceReported = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        OwnersDropped(pass, decls, onceReported);
        StoredInValues(pass, decls);
        if (pass.UsesFunction("context.WithCancel") || pass.UsesFunction("context.WithCancelCause"))
            foreach (var fn in pass.Functions)
            {
                CancelDiscarded(pass, fn.Body);
                CancelAfterWaitLocal(pass, fn.Body);
                CancelAfterWaitCallerParent(pass, fn.Body);
                ShadowedDerivation(pass, fn.Body);
            }
        var started = decls.Select(d => StartedBy(pass, d)).OfType<Started>().ToList();
        if (started.Count == 0) return;
        var assigners = FieldAssigners(pass);
        foreach (var s in started)
        {
            var cancellers = decls.Where(d => !ReferenceEquals(d, s.Starter) && RunLoops.ReceiverOf(pass.Info, d) is { } r
                                              && RunLoops.OwnerOf(r) == RunLoops.OwnerOf(s.Receiver) && CallsField(pass, d.Body!, r, s.Field)).ToList();
            foreach (var c in cancellers) SkippedByGuard(pass, s, c, assigners);
            if (cancellers.Count == 1) CancelAfterWait(pass, s, cancellers[0]);
            Overwritten(pass, s, decls, cancellers);
            if (cancellers.Count == 0) NeverCalled(pass, s.Field, s.FieldName, s.Store, s.Starter.Name.Name, $"{s.Receiver.Name}.{s.FieldName}", s.Goroutine, s.Go);
            else CancelBehindConsumedOnce(pass, decls, s.Field, s.Goroutine, s.Go, onceReported);
        }
    }

    /// <summary>The third way to lose the cancel: a caller drops the value that holds it (`db.begin(ctx)` as a
    /// statement, where begin returns a transaction whose goroutine waits on the context its Rollback cancels).</summary>
    private static void OwnersDropped(Pass pass, List<FuncDecl> decls, HashSet<Node> onceReported)
    {
        var owners = new Dictionary<Func, Owner>(ReferenceEqualityComparer.Instance);
        foreach (var d in decls)
            if (pass.Info.Defs.GetValueOrDefault(d.Name) is Func f && OwnerMadeBy(pass, d) is { } o) owners[f] = o;
        if (owners.Count == 0) return;
        // A constructor whose value keeps a cancel nothing ever calls: every value leaks its goroutine, dropped or not.
        var neverCalled = new HashSet<Owner>(ReferenceEqualityComparer.Instance);
        foreach (var o in owners.Values)
            if (NeverCalled(pass, o.Type + "." + o.CancelField, o.CancelField, o.Store, o.Maker.Name.Name, o.Type + "." + o.CancelField, o.Goroutine, o.Go))
                neverCalled.Add(o);
            else CancelBehindConsumedOnce(pass, decls, o.Type + "." + o.CancelField, o.Goroutine, o.Go, onceReported);
        foreach (var (call, o) in DroppedResults.Calls(pass, owners, o => (o.Index, o.Results)))
        {
            if (neverCalled.Contains(o)) continue;
            var cancellers = decls.Where(d => RunLoops.ReceiverOf(pass.Info, d) is { } r && RunLoops.OwnerOf(r) == o.Type
                                              && Walker.Any(d.Body!, n => n is CallExpr { Fun: SelectorExpr { X: Ident x } sel } && ReferenceEquals(pass.Info.ObjectOf(x), r) && sel.Sel.Name == o.CancelField))
                .Select(d => d.Name.Name).ToList();
            var who = cancellers.Count > 0 ? $"only its {string.Join(" or ", cancellers.Take(3))} calls it" : "no method of it calls it";
            pass.Report(call, $"the {o.Type} {o.Maker.Name.Name} returns is dropped here, and {o.Goroutine}, the goroutine {o.Maker.Name.Name} started for it, ends only when the context whose cancel the {o.Type} keeps in {o.CancelField} is cancelled ({who}): nobody can now, so it runs for ever; keep the value and cancel it (defer its release), or do not start the goroutine for a value the caller may drop",
                new RelatedLocation(pass.Span(o.Go), "the goroutine that waits for the cancel"));
        }
    }

    /// <summary>
    /// `ctx, cancel := context.WithCancel(..)`, the cancel kept in a value put somewhere else (`t.watches[k] =
    /// &amp;watch{cancel: cancel}`, appended to a list), and `go t.watchLoop(ctx, ..)`, a goroutine that ends only on
    /// that context, all at the function's top level: when nothing in the package ever reads the field, removing
    /// the value (`delete(t.watches, k)`) cannot stop the goroutine.
    /// </summary>
    private static void StoredInValues(Pass pass, List<FuncDecl> decls)
    {
        if (!pass.UsesFunction("context.WithCancel") && !pass.UsesFunction("context.WithTimeout") && !pass.UsesFunction("context.WithDeadline")) return;
        foreach (var d in decls)
        {
            Var? ctx = null, cancel = null;
            (string Type, string Field, KeyValueExpr Store)? kept = null;
            foreach (var st in d.Body!.List)
            {
                if (st is AssignStmt a && ContextDerivations.Derived(pass.Info, a) is ({ } derivedCtx, { } derivedCancel))
                {
                    (ctx, cancel, kept) = (derivedCtx, derivedCancel, null);
                    continue;
                }
                // A value defined here (`v := &T{cancel: cancel}`) is the owner shapes' business.
                if (cancel != null && st is not AssignStmt { Tok: Token.Define } && KeptIn(pass, st, cancel) is { } k) kept ??= k;
                if (st is GoStmt go && kept is var (type, field, store) && ctx != null && GoroutineEndsOnlyOn(pass, go, ctx) is { } name)
                    NeverCalled(pass, type + "." + field, field, store, d.Name.Name, type + "." + field, name, go);
            }
        }
    }

    /// <summary>A composite literal in the statement that keeps cancel in a field (`&amp;watch{cancel: cancel}`): its
    /// type, the field and the element.</summary>
    private static (string Type, string Field, KeyValueExpr Store)? KeptIn(Pass pass, Stmt st, Var cancel)
    {
        (string, string, KeyValueExpr)? found = null;
        Walker.Inspect(st, n =>
        {
            if (found != null || n is FuncLit) return false;
            if (n is CompositeLit lit && pass.Info.TypeOf(lit) is NamedType named)
                foreach (var e in lit.Elts)
                    if (e is KeyValueExpr { Key: Ident key, Value: var value } kv && Expr.Unparen(value) is Ident given && ReferenceEquals(pass.Info.ObjectOf(given), cancel))
                        found = ((named.Origin ?? named).Obj.Name, key.Name, kv);
            return found == null;
        });
        return found;
    }

    /// <summary>`ctx, cancel := context.WithCancel(..)`, `v := &amp;T{cancel: cancel, ...}`, `go v.wait()` (or a goroutine
    /// given ctx) that ends only on the context's Done, and every return gives v.</summary>
    private static Owner? OwnerMadeBy(Pass pass, FuncDecl d)
    {
        Var? ctx = null, cancel = null, owner = null;
        string? cancelField = null, ctxField = null, type = null;
        KeyValueExpr? store = null;
        foreach (var st in d.Body!.List)
        {
            switch (st)
            {
                case AssignStmt a when ContextDerivations.Derived(pass.Info, a) is ({ } derivedCtx, { } derivedCancel):
                    (ctx, cancel) = (derivedCtx, derivedCancel);
                    break;
                case AssignStmt { Tok: Token.Define, Lhs: [Ident v], Rhs: [var rhs] } when cancel != null
                                                                                        && (Expr.Unparen(rhs) is UnaryExpr { Op: Token.And, X: CompositeLit l } ? l : Expr.Unparen(rhs) as CompositeLit) is { } lit
                                                                                        && pass.Info.TypeOf(lit) is NamedType named:
                    foreach (var e in lit.Elts)
                        if (e is KeyValueExpr { Key: Ident key, Value: var value } && Expr.Unparen(value) is Ident given)
                        {
                            if (ReferenceEquals(pass.Info.ObjectOf(given), cancel)) (cancelField, store) = (key.Name, (KeyValueExpr)e);
                            else if (ReferenceEquals(pass.Info.ObjectOf(given), ctx)) ctxField = key.Name;
                        }
                    if (cancelField != null) (owner, type) = (pass.Info.ObjectOf(v) as Var, (named.Origin ?? named).Obj.Name);
                    break;
                case GoStmt go when owner != null && ctx != null && OwnerGoroutine(pass, go, owner, ctx, ctxField) is { } name:
                    return DroppedResults.ReturnedLocal(pass, d, v => ReferenceEquals(v, owner)) is { } r
                        ? new Owner(d, r.Index, r.Results, type!, cancelField!, name, go) { Store = store! }
                        : null;
            }
        }
        return null;
    }

    /// <summary>`go v.m()` whose body ends only on the Done of the field holding ctx, or any goroutine given ctx that does.</summary>
    private static string? OwnerGoroutine(Pass pass, GoStmt go, Var owner, Var ctx, string? ctxField)
    {
        if (GoroutineEndsOnlyOn(pass, go, ctx) is { } name) return name;
        if (ctxField == null || Expr.Unparen(go.Call.Fun) is not SelectorExpr { X: Ident recvExpr } sel || !ReferenceEquals(pass.Info.ObjectOf(recvExpr), owner)
            || Calls.Callee(pass.Info, go.Call) is not { } m
            || DeclOf(pass, m) is not { Body: not null } decl
            || RunLoops.ReceiverOf(pass.Info, decl) is not { } recv) return null;
        return EndsOnlyOn(pass, decl.Body, e => Expr.Unparen(e) is SelectorExpr { X: Ident r } f && ReferenceEquals(pass.Info.ObjectOf(r), recv) && f.Sel.Name == ctxField)
            ? sel.Sel.Name : null;
    }

    /// <summary>`ctx, cancel := context.WithCancel(..)`, then `recv.f = cancel` and `go ...(ctx)` at the top level of a
    /// method, where the goroutine ends only on ctx.Done().</summary>
    private static Started? StartedBy(Pass pass, FuncDecl d)
    {
        if (RunLoops.ReceiverOf(pass.Info, d) is not { } recv) return null;
        Var? ctx = null, cancel = null;
        AssignStmt? store = null;
        var storeIndex = -1;
        string? field = null, fieldName = null;
        for (var i = 0; i < d.Body!.List.Count; i++)
        {
            switch (d.Body.List[i])
            {
                case AssignStmt a when ContextDerivations.Derived(pass.Info, a) is ({ } derivedCtx, { } derivedCancel):
                    (ctx, cancel) = (derivedCtx, derivedCancel);
                    break;
                // `ctx, rs.cancel = context.WithCancel(ctx)`: derived straight into the field.
                case AssignStmt { Lhs: [Ident c, SelectorExpr { X: Ident owner } sel], Rhs: [var rhs] } a when ContextDerivations.IsDerivation(pass.Info, rhs)
                                                                                                      && pass.Info.ObjectOf(c) is Var derived && ReferenceEquals(pass.Info.ObjectOf(owner), recv)
                                                                                                      && LockPaths.Of(pass.Info, sel) is { Class: { } cls }:
                    (ctx, store, storeIndex, field, fieldName) = (derived, a, i, cls, sel.Sel.Name);
                    break;
                case AssignStmt { Lhs.Count: 1, Rhs.Count: 1 } a when cancel != null && Expr.Unparen(a.Rhs[0]) is Ident v && ReferenceEquals(pass.Info.ObjectOf(v), cancel)
                                                                     && Expr.Unparen(a.Lhs[0]) is SelectorExpr { X: Ident owner } sel && ReferenceEquals(pass.Info.ObjectOf(owner), recv)
                                                                     && LockPaths.Of(pass.Info, sel) is { Class: { } cls }:
                    (store, storeIndex, field, fieldName) = (a, i, cls, sel.Sel.Name);
                    break;
                case GoStmt go when ctx != null && store != null && GoroutineEndsOnlyOn(pass, go, ctx) is { } name:
                    return new Started(d, recv, field!, fieldName!, store, storeIndex, name, go);
            }
        }
        return null;
    }

    /// <summary>
    /// The fourth way: nothing calls the cancel at all. The field is unexported and the package never reads it
    /// (no call, no defer, no method value, no nil check): the goroutine ends only when the parent context does,
    /// which for a context.Background()-rooted or long-lived parent is never (rows whose Close forgets the cancel).
    /// </summary>
    /// <returns>Whether it reported.</returns>
    private static bool NeverCalled(Pass pass, string fieldClass, string fieldName, Node store, string starter, string field, string goroutine, GoStmt go)
    {
        if (fieldName.Length == 0 || (char.IsUpper(fieldName[0]) && pass.ExportedOutside(fieldClass))) return false;
        var read = false;
        var stored = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
            Walker.Inspect(file.File, n =>
            {
                if (read) return false;
                if (n is AssignStmt a)
                    foreach (var l in a.Lhs)
                        if (Expr.Unparen(l) is SelectorExpr target) stored.Add(target);
                if (n is SelectorExpr sel && !stored.Contains(sel) && sel.Sel.Name == fieldName && LockPaths.Of(pass.Info, sel)?.Class == fieldClass) read = true;
                return !read;
            });
        if (read) return false;
        pass.Report(store, $"{starter} keeps the cancel of the context {goroutine} waits on in {field}, but nothing in the package ever calls {field}: the goroutine ends only when the parent context is done, so every value started this way keeps a goroutine (and the context) alive until then, for ever under a background context; call {field}() where the value is closed or released",
            new RelatedLocation(pass.Span(go), "the goroutine that waits for the cancel"));
        return true;
    }

    /// <summary>The goroutine's name when its function (a method or function of the package given ctx, or a literal
    /// using it) loops for ever and leaves its loop only on a receive from ctx.Done().</summary>
    private static string? GoroutineEndsOnlyOn(Pass pass, GoStmt go, Var ctx) =>
        Expr.Unparen(go.Call.Fun) is FuncLit lit ? EndsOnlyOn(pass, lit.Body, IsVar(pass, ctx)) ? "the goroutine" : null
            : CallEndsOnlyOn(pass, go.Call, ctx)?.Name.Name;

    /// <summary>The package function a call runs, when it is given ctx and ends only on it.</summary>
    private static FuncDecl? CallEndsOnlyOn(Pass pass, CallExpr call, Var ctx)
    {
        if (Calls.Callee(pass.Info, call) is not { } callee || DeclOf(pass, callee) is not { Body: not null } decl) return null;
        var index = call.Args.ToList().FindIndex(a => Expr.Unparen(a) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ctx));
        var param = index < 0 ? null : Facts.SummaryBuilder.ParamVars(decl, pass.Info).ElementAtOrDefault(index);
        return param != null && EndsOnlyOn(pass, decl.Body, IsVar(pass, param)) ? decl : null;
    }

    /// <summary>The package's declaration of a function or method.</summary>
    private static FuncDecl? DeclOf(Pass pass, Func f) =>
        pass.Functions.Select(fn => fn.Function).OfType<FuncDecl>().FirstOrDefault(d => ReferenceEquals(pass.Info.Defs.GetValueOrDefault(d.Name), f));

    private static Func<Expr, bool> IsVar(Pass pass, Var v) => e => Expr.Unparen(e) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), v);

    /// <summary>The body waits for the context before anything else can end it (`&lt;-tx.ctx.Done()` at its top level,
    /// with no return before), or loops for ever leaving only on a receive from its Done.</summary>
    /// <param name="strict">Also require no return before the loop (`if interval == 0 { return }`): a goroutine that may
    /// end before it loops is no proof.</param>
    private static bool EndsOnlyOn(Pass pass, BlockStmt body, Func<Expr, bool> isCtx, bool strict = false)
    {
        foreach (var st in body.List)
        {
            if (st is ExprStmt { X: UnaryExpr { Op: Token.Arrow } wait } && IsDone(wait.X, isCtx)) return true;
            if (Walker.Any(st, n => n is ReturnStmt)) break;
        }
        var loop = body.List.OfType<ForStmt>().FirstOrDefault(f => f.Cond == null);
        if (loop == null) return false;
        if (strict && body.List.TakeWhile(st => !ReferenceEquals(st, loop)).Any(st => Walker.Any(st, n => n is ReturnStmt, intoLiterals: false))) return false;
        var exits = 0;
        var ok = true;
        var ancestors = new List<Node>();
        var depth = 0;
        Walker.Inspect(loop.Body, n =>
        {
            if (n == null)
            {
                var done = ancestors[^1];
                ancestors.RemoveAt(ancestors.Count - 1);
                if (done is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt) depth--;
                return false;
            }
            if (n is FuncLit) return false;
            var leaves = n switch
            {
                ReturnStmt => true,
                BranchStmt { Tok: Token.Break, Label: null } => depth == 0,
                BranchStmt { Tok: Token.Break or Token.Goto } => true,
                _ => false,
            };
            if (leaves)
            {
                exits++;
                if (!ancestors.OfType<CommClause>().Any(cc => cc.Comm is ExprStmt { X: UnaryExpr { Op: Token.Arrow } u } && IsDone(u.X, isCtx))) ok = false;
            }
            ancestors.Add(n);
            if (n is ForStmt or RangeStmt or SwitchStmt or TypeSwitchStmt or SelectStmt) depth++;
            return true;
        });
        return ok && exits > 0;
    }

    private static bool IsDone(Expr e, Func<Expr, bool> isCtx) =>
        Expr.Unparen(e) is CallExpr { Fun: SelectorExpr { Sel.Name: "Done", X: var ctx }, Args.Count: 0 } && isCtx(ctx);

    private static bool CallsField(Pass pass, Node body, Var recv, string cls) =>
        FieldCalls(pass, body, recv, cls).Any();

    private static IEnumerable<CallExpr> FieldCalls(Pass pass, Node body, Var recv, string cls)
    {
        var found = new List<CallExpr>();
        Walker.Inspect(body, n =>
        {
            if (n is CallExpr { Fun: SelectorExpr { X: Ident owner } sel } call && ReferenceEquals(pass.Info.ObjectOf(owner), recv)
                && LockPaths.Of(pass.Info, sel)?.Class == cls) found.Add(call);
            return true;
        });
        return found;
    }

    /// <summary>Which functions assign each field (by class), literals counting as their declaration.</summary>
    private static Dictionary<string, HashSet<FuncDecl>> FieldAssigners(Pass pass)
    {
        var result = new Dictionary<string, HashSet<FuncDecl>>(StringComparer.Ordinal);
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl d || d.Body == null) continue;
            Walker.Inspect(d.Body, n =>
            {
                var targets = n switch
                {
                    AssignStmt a => a.Lhs,
                    IncDecStmt i => (IReadOnlyList<Expr>)[i.X],
                    _ => null,
                };
                if (targets != null)
                    foreach (var t in targets)
                        if (Expr.Unparen(t) is SelectorExpr sel && LockPaths.Of(pass.Info, sel) is { Class: { } cls })
                            (result.TryGetValue(cls, out var set) ? set : result[cls] = []).Add(d);
                return true;
            });
        }
        return result;
    }

    /// <summary>An `if` before the canceller's first call of the field that returns without calling it, on a condition
    /// over receiver fields one of which somebody else maintains.</summary>
    private static void SkippedByGuard(Pass pass, Started s, FuncDecl canceller, Dictionary<string, HashSet<FuncDecl>> assigners)
    {
        var recv = RunLoops.ReceiverOf(pass.Info, canceller)!;
        foreach (var stmt in canceller.Body!.List)
        {
            if (CallsField(pass, stmt, recv, s.Field)) return;
            if (stmt is not IfStmt { Init: null, Else: null } guard || guard.Body.List.LastOrDefault() is not ReturnStmt ret) continue;
            if (GuardFields(pass, guard.Cond, recv) is not { Count: > 0 } fields || fields.Contains(s.Field)) return;
            var foreign = fields.FirstOrDefault(f => assigners.TryGetValue(f, out var by) && by.Any(d => !ReferenceEquals(d, canceller) && !ReferenceEquals(d, s.Starter)));
            if (foreign == null) return;
            var other = assigners[foreign].First(d => !ReferenceEquals(d, canceller) && !ReferenceEquals(d, s.Starter));
            var field = $"{recv.Name}.{s.FieldName}";
            pass.Report(ret, $"{canceller.Name.Name} returns here without calling {field} when {Text(pass, guard.Cond)}, and {s.Goroutine}, started by {s.Starter.Name.Name} with that context, ends only when it is cancelled, so it runs for ever: {foreign[(foreign.IndexOf('.') + 1)..]} is set by {other.Name.Name}, not by {s.Starter.Name.Name} or {canceller.Name.Name}, so it says nothing about whether the goroutine runs; call {field} on this path too",
                new RelatedLocation(pass.Span(s.Store), $"{s.Starter.Name.Name} keeps the cancel here"),
                new RelatedLocation(pass.Span(s.Go), "the goroutine that waits for it"));
            return;
        }
    }

    /// <summary>The receiver fields a guard condition reads; null when it reads anything else (a parameter, a call).</summary>
    private static HashSet<string>? GuardFields(Pass pass, Expr cond, Var recv)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var other = false;
        Walker.Inspect(cond, n =>
        {
            switch (n)
            {
                case SelectorExpr { X: Ident owner } sel when ReferenceEquals(pass.Info.ObjectOf(owner), recv) && LockPaths.Of(pass.Info, sel) is { Class: { } cls }:
                    fields.Add(cls);
                    return false;
                case CallExpr call when Calls.BuiltinName(pass.Info, call) is not "len":
                    other = true;
                    return false;
                case Ident id when pass.Info.ObjectOf(id) is Var v && !ReferenceEquals(v, recv):
                    other = true;
                    return false;
            }
            return true;
        });
        return other ? null : fields;
    }

    /// <summary>The starter replaces the field without calling what it held and with no early return before, and is
    /// called twice on one value with no call of a canceller between.</summary>
    private static void Overwritten(Pass pass, Started s, List<FuncDecl> decls, List<FuncDecl> cancellers)
    {
        var before = s.Starter.Body!.List.Take(s.StoreIndex).ToList();
        if (before.Any(st => CallsField(pass, st, s.Receiver, s.Field) || st is IfStmt || Walker.Any(st, n => n is ReturnStmt))) return;
        var starter = pass.Info.Defs.GetValueOrDefault(s.Starter.Name);
        var cancelling = cancellers.Select(c => pass.Info.Defs.GetValueOrDefault(c.Name)).OfType<Func>().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var d in decls)
        {
            CallExpr? second = null, first = null;
            Walker.Inspect(d.Body!, n =>
            {
                if (second != null || n is not BlockStmt block) return second == null;
                var seen = new Dictionary<string, CallExpr>(StringComparer.Ordinal);
                foreach (var st in block.List)
                {
                    if (st is ExprStmt { X: CallExpr call } && Calls.Callee(pass.Info, call) is { } f && ReferenceEquals(f, starter)
                        && Expr.Unparen(call.Fun) is SelectorExpr sel && LockPaths.Of(pass.Info, sel.X) is { } path)
                    {
                        if (seen.TryGetValue(path.Key, out var earlier))
                        {
                            (first, second) = (earlier, call);
                            return false;
                        }
                        seen[path.Key] = call;
                    }
                    else if (Walker.Any(st, x => x is CallExpr c && Calls.Callee(pass.Info, c) is { } g && cancelling.Contains(g))) seen.Clear();
                }
                return true;
            });
            if (second == null) continue;
            var field = $"{s.Receiver.Name}.{s.FieldName}";
            pass.Report(s.Store, $"{s.Starter.Name.Name} replaces {field} without calling the cancel it holds, and it is called twice on one value (line {pass.Line(first!)} and line {pass.Line(second)}): {s.Goroutine}, started by the first call, ends only when its context is cancelled, and nothing can cancel it any more, so it runs for ever; call the old {field} (if set) before replacing it",
                new RelatedLocation(pass.Span(s.Go), "the goroutine that waits for it"),
                new RelatedLocation(pass.Span(second), $"{s.Starter.Name.Name} called again on the same value"));
            return;
        }
    }


    /// <summary>A guard condition as written, for the forms GuardFields accepts (fields, !, comparisons, len).</summary>
    private static string Text(Pass pass, Expr e) => e switch
    {
        ParenExpr p => "(" + Text(pass, p.X) + ")",
        UnaryExpr u => u.Op.ToGoString() + Text(pass, u.X),
        BinaryExpr b => $"{Text(pass, b.X)} {b.Op.ToGoString()} {Text(pass, b.Y)}",
        SelectorExpr sel => Text(pass, sel.X) + "." + sel.Sel.Name,
        Ident id => id.Name,
        BasicLit lit => lit.Value,
        CallExpr c => Text(pass, c.Fun) + "(" + string.Join(", ", c.Args.Select(a => Text(pass, a))) + ")",
        _ => "the condition",
    };
}
