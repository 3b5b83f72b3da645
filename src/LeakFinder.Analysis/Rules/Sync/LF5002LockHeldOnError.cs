using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5002 on a lock helper whose error return keeps what it locked (`lockAll` taking every stripe in a loop and
/// returning an error at a retired one, stripes 0..i-1 still locked), while its callers take an error for "nothing to
/// unlock" (`if err := c.lockAll(); err != nil { return err }`). Its success return hands the locks over on purpose;
/// the error return hands them to nobody, and the next Lock of one blocks for ever.
/// Reported only when the helper never unlocks a mutex of that class itself (nor through a function of the package:
/// one that gives back what it took before failing is right), returns an error with the lock held and nil with it held,
/// is only called (never taken as a value), and no caller releases anything of that class on its error path while at
/// least one returns from it without doing so.
/// </summary>
public sealed partial class LF5002MutexNotUnlocked
{
    /// <returns>Whether the finding was reported.</returns>
    private static bool HeldOnErrorReturn(Pass pass, FunctionBody fn, CallExpr lockCall, FieldPath mutex, List<ReturnStmt> exits)
    {
        if (fn.Function is not FuncDecl decl || pass.Info.Defs.GetValueOrDefault(decl.Name) is not Func self || self.Signature is not { Results.Count: > 0 } sig
            || sig.Results[^1].Type is not NamedType { Obj.Name: "error", Obj.Pkg: null }) return false;
        if (Expr.Unparen(lockCall.Fun) is not SelectorExpr lockSel || LockPaths.Of(pass.Info, lockSel.X)?.Class is not { } cls) return false;
        // Every return reached with the lock held says plainly whether it fails: `return err` or `return nil`.
        var failures = new List<ReturnStmt>();
        var successes = 0;
        foreach (var e in exits)
        {
            if (e.Results.Count != sig.Results.Count) return false;
            if (pass.Info.IsNil(e.Results[^1])) successes++;
            else failures.Add(e);
        }
        if (failures.Count == 0 || successes == 0) return false;
        var unlocks = new ClassUnlocks(pass, cls);
        if (unlocks.In(fn.Body)) return false;
        var callers = ErrorPathsOfCallers(pass, self, unlocks);
        if (callers == null || callers.Count == 0) return false;
        var inLoop = Loops.Around(fn.Body, lockCall) != null;
        var name = mutex.Text;
        var first = callers[0];
        var related = failures.Select(f => new RelatedLocation(pass.Span(f), $"returns an error with {name} still locked"))
            .Concat(callers.Select(c => new RelatedLocation(pass.Span(c.Return), $"{c.Caller} returns on the error from {decl.Name.Name} without unlocking")))
            .ToList();
        var lines = ExitList.Join(failures.Select(pass.Line).Distinct().Order().ToList());
        var (taken, held, stays, fix) = inLoop
            ? ($"{name} of each element in turn", "the ones it already took still locked", "those mutexes stay locked and the next Lock of one blocks for ever", "unlock the elements taken so far before returning the error")
            : (name, "it still locked", "the mutex stays locked and the next Lock blocks for ever", $"unlock {name} before returning the error");
        pass.Report(pass.Span(lockCall),
            $"{decl.Name.Name} locks {taken} and, at line {lines}, returns an error with {held}; {first.Caller} takes the error for nothing to unlock and returns at line {pass.Line(first.Return)}: "
            + $"{stays}; {fix}", related);
        return true;
    }

    /// <summary>
    /// The callers' returns on the helper's error that release nothing of the class: `if err := h(); err != nil { ...;
    /// return }`, `err := h()` followed by that if, `if h() != nil { return }`. Null when unsure: the helper is used as a
    /// value, or some caller releases on its error path (or defers a release before the call), so the helper's contract
    /// may be that callers unlock even after an error.
    /// </summary>
    private static List<(string Caller, ReturnStmt Return)>? ErrorPathsOfCallers(Pass pass, Func helper, ClassUnlocks unlocks)
    {
        var bad = new List<(string, ReturnStmt)>();
        var unsure = false;
        foreach (var fn in pass.Functions)
        {
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.Ident | NodeKinds.FuncLit, (n, parents) =>
            {
                if (unsure) return false;
                if (n is FuncLit) return false; // a body of its own among pass.Functions
                if (n is not Ident id || !ReferenceEquals(pass.Info.Uses.GetValueOrDefault(id), helper)) return true;
                var fun = parents.Up(1) is SelectorExpr sel && ReferenceEquals(sel.Sel, id) ? (Expr)sel : id;
                var up = ReferenceEquals(fun, id) ? 1 : 2;
                if (parents.Up(up) is not CallExpr call || !ReferenceEquals(Expr.Unparen(call.Fun), fun))
                {
                    unsure = true;
                    return false;
                }
                if (ErrorBranch(pass, call, parents, up + 1) is not { } branch) return false;
                if (unlocks.In(branch) || DeferredReleaseBefore(fn.Body, call, unlocks) || OpaqueCallGets(pass, branch, ReachingRoots(pass, call), helper.Pkg))
                {
                    unsure = true;
                    return false;
                }
                if (branch.List.LastOrDefault() is ReturnStmt ret) bad.Add((CallerName(fn), ret));
                return false;
            });
            if (unsure) return null;
        }
        return bad;
    }

    private static string CallerName(FunctionBody fn) => fn.Function is FuncDecl d ? d.Name.Name : "a function literal";

    /// <summary>The body run when the call's error is not nil, for the three shapes of check right at the call.</summary>
    private static BlockStmt? ErrorBranch(Pass pass, CallExpr call, NodeIndex.Ancestors parents, int up)
    {
        var parent = parents.Up(up);
        // `if h() != nil {`
        if (parent is BinaryExpr { Op: Syntax.Token.Neq } cmp && (pass.Info.IsNil(cmp.X) || pass.Info.IsNil(cmp.Y)) && parents.Up(up + 1) is IfStmt direct
            && ReferenceEquals(direct.Cond, cmp))
            return direct.Body;
        if (parent is not AssignStmt { Rhs: [var rhs], Lhs: [.., var errLhs] } assign || !ReferenceEquals(Expr.Unparen(rhs), call)
            || Expr.Unparen(errLhs) is not Ident errId || pass.Info.ObjectOf(errId) is not Var err) return null;
        // `if err := h(); err != nil {`
        if (parents.Up(up + 1) is IfStmt withInit && ReferenceEquals(withInit.Init, assign))
            return ChecksNotNil(pass, withInit.Cond, err) ? withInit.Body : null;
        // `err := h()` and the if right after it.
        var list = parents.Up(up + 1) switch
        {
            BlockStmt b => b.List,
            CaseClause c => c.Body,
            CommClause c => c.Body,
            _ => NodeList<Stmt>.Empty,
        };
        var at = list.IndexOf(assign);
        return at >= 0 && at + 1 < list.Count && list[at + 1] is IfStmt { Init: null } next && ChecksNotNil(pass, next.Cond, err) ? next.Body : null;
    }

    private static bool ChecksNotNil(Pass pass, Expr cond, Var err) =>
        Expr.Unparen(cond) is BinaryExpr { Op: Syntax.Token.Neq } b
        && (Expr.Unparen(b.X) is Ident x && ReferenceEquals(pass.Info.ObjectOf(x), err) && pass.Info.IsNil(b.Y)
            || Expr.Unparen(b.Y) is Ident y && ReferenceEquals(pass.Info.ObjectOf(y), err) && pass.Info.IsNil(b.X));

    /// <summary>A defer before the call that releases the class: it runs at every return after.</summary>
    private static bool DeferredReleaseBefore(BlockStmt body, CallExpr call, ClassUnlocks unlocks)
    {
        var found = false;
        Walker.Inspect(body, n =>
        {
            if (found || n is FuncLit) return false;
            if (n is DeferStmt d && d.Pos().Value < call.Pos().Value && unlocks.In(d)) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>The variables a call is given that can reach mutexes (its receiver, arguments not of a basic type): code
    /// outside the package reaches the package's unexported mutexes only through such values.</summary>
    private static HashSet<GoObject> ReachingRoots(Pass pass, CallExpr call)
    {
        var roots = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
        foreach (var e in call.Args.Prepend(Expr.Unparen(call.Fun) is SelectorExpr { X: var recv } ? recv : call.Fun))
            if (pass.Info.TypeOf(e)?.Underlying is not BasicType && LockPaths.Of(pass.Info, e) is { } p) roots.Add(p.Root);
        return roots;
    }

    /// <summary>
    /// Whether code makes a call that may release a mutex and whose code is not seen: a method of an interface of the
    /// module, or a function value that does not resolve or a function of another package given one of the roots.
    /// </summary>
    private static bool OpaqueCallGets(Pass pass, Node code, HashSet<GoObject> roots, Package? own)
    {
        var found = false;
        Walker.Inspect(code, n =>
        {
            if (found || n is not CallExpr c) return !found;
            var callee = Calls.Callee(pass.Info, c);
            if (callee?.Signature?.Recv?.Type.Underlying is Semantics.Types.InterfaceType && !Calls.IsStd(callee.Pkg))
            {
                found = true;
                return false;
            }
            if (callee == null && Calls.BuiltinName(pass.Info, c) == null && !Calls.IsConversion(pass.Info, c) || callee != null && !Calls.IsStd(callee.Pkg) && !ReferenceEquals(callee.Pkg, own))
                foreach (var a in c.Args)
                    if (Walker.Any(a, m => m is Ident i && pass.Info.ObjectOf(i) is { } o && roots.Contains(o))) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>Whether code unlocks a mutex of one class: itself, or through the functions of the package it calls
    /// (and the function values among them that resolve), followed a few calls down.</summary>
    private sealed class ClassUnlocks(Pass pass, string cls)
    {
        private const int MaxDepth = 4;
        private readonly Dictionary<Func, bool> _functions = new(ReferenceEqualityComparer.Instance);
        private readonly FunctionLookup _lookup = pass.ResultOf(FunctionLookup.Analysis);
        private FuncValues? _values;

        public bool In(Node code) => In(code, 0);

        private bool In(Node code, int depth)
        {
            var found = false;
            Walker.Inspect(code, n =>
            {
                if (found || n is not CallExpr c) return !found;
                if (Expr.Unparen(c.Fun) is SelectorExpr s && (IsSyncMethod(pass, c, "Unlock") || IsSyncMethod(pass, c, "RUnlock")) && LockPaths.Of(pass.Info, s.X)?.Class == cls)
                    found = true;
                else if (Calls.Callee(pass.Info, c) is { } callee) found = Unlocks(callee, depth);
                else if (Calls.BuiltinName(pass.Info, c) == null && !Calls.IsConversion(pass.Info, c))
                    foreach (var target in Values().TargetsOf(c) ?? [])
                        if (target.Literal is { } stored ? In(stored.Literal.Body, depth + 1) : target.Callee is { } f && Unlocks(f, depth)) found = true;
                return !found;
            });
            return found;
        }

        private bool Unlocks(Func f, int depth)
        {
            if (depth >= MaxDepth || _lookup.DeclarationOf(f)?.Function is not FuncDecl { Body: not null } decl) return false;
            if (_functions.TryGetValue(f, out var known)) return known;
            _functions[f] = false; // a recursive call adds nothing
            return _functions[f] = In(decl.Body, depth + 1);
        }

        private FuncValues Values() => _values ??= new FuncValues(pass.Info, pass.Functions, FuncValues.PackageVars(pass.Files.Select(f => f.File)));
    }
}
