using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1009 for a cancel that only a Once's function calls, while other paths hand the same Once a function that does
/// not: `Close` runs `s.finish(func() { s.err = errClosed; s.cancel() })` and `fail` runs `s.finish(func() { s.err =
/// err })`, with `func (s *Stream) finish(f func()) { s.once.Do(f) }`. After a failed Send has used the Once, Close's
/// function never runs, the context is never cancelled, and the goroutine that ends only on it runs for ever. Only
/// when every use of the cancel field sits in functions handed to Once.Do on a Once of the same type (directly, by
/// name, or through a helper's parameter), a method handed by name is called nowhere else, every function handed to
/// that Once is known, and one of them neither uses the field nor calls a function of the package that does.
/// </summary>
public sealed partial class LF1009CancelFieldLost
{
    /// <summary>A function handed to a Once.Do: its body, and the call that hands it (the Do, or a helper's call whose
    /// parameter reaches the Do).</summary>
    private sealed record OnceRunner(Node Body, CallExpr HandedAt, FuncDecl? Decl);

    private static void CancelBehindConsumedOnce(Pass pass, List<FuncDecl> decls, string fieldClass, string goroutine, GoStmt go, HashSet<Node> reported)
    {
        if (!pass.UsesFunction("(*sync.Once).Do")) return;
        var owner = fieldClass[..fieldClass.LastIndexOf('.')];
        // An exported field may be called by other packages, outside any Once.
        if (char.IsUpper(fieldClass[owner.Length + 1]) && pass.ExportedOutside(fieldClass)) return;
        var runners = OnceRunners(pass, decls);
        var uses = new List<SelectorExpr>();
        foreach (var d in decls)
            Walker.Inspect(d.Body!, n =>
            {
                if (n is SelectorExpr sel && LockPaths.Of(pass.Info, sel)?.Class == fieldClass && !IsAssigned(d, sel)) uses.Add(sel);
                return true;
            });
        if (uses.Count == 0) return;
        foreach (var (onceClass, handed) in runners)
        {
            if (handed == null || !onceClass.StartsWith(owner + ".", StringComparison.Ordinal)) continue;
            bool Inside(Node n, OnceRunner r) => n.Pos().Value >= r.Body.Pos().Value && n.End().Value <= r.Body.End().Value;
            if (!uses.All(u => handed.Any(r => Inside(u, r)))) continue;
            // A method handed by name and also called directly runs outside the Once too.
            if (handed.Any(r => r.Decl != null && CalledDirectly(pass, decls, r.Decl))) continue;
            var cancelling = handed.Where(r => uses.Any(u => Inside(u, r))).ToList();
            var other = handed.FirstOrDefault(r => !cancelling.Contains(r) && !CallsUser(pass, decls, r.Body, fieldClass));
            if (other == null || cancelling.Count == 0) continue;
            var use = uses.First(u => Inside(u, cancelling[0]));
            if (!reported.Add(use)) return;
            var otherIn = decls.FirstOrDefault(d => other.HandedAt.Pos().Value >= d.Pos().Value && other.HandedAt.End().Value <= d.End().Value)?.Name.Name ?? "another path";
            var cancelIn = decls.FirstOrDefault(d => cancelling[0].HandedAt.Pos().Value >= d.Pos().Value && cancelling[0].HandedAt.End().Value <= d.End().Value)?.Name.Name ?? "one path";
            pass.Report(use,
                $"{FieldText(use)} is called only inside the function {cancelIn} hands to a sync.Once ({onceClass}), but {otherIn} hands the same Once a function that does not call it (line {pass.Line(other.HandedAt)}): once {otherIn} has used the Once, this function never runs, the context is never cancelled, and {goroutine}, which ends only on it, runs for ever; call {FieldText(use)}() outside the Once",
                new RelatedLocation(pass.Span(other.HandedAt), $"{otherIn} uses the Once without cancelling"),
                new RelatedLocation(pass.Span(go), "the goroutine that waits for the cancel"));
            return;
        }
    }

    private static string FieldText(SelectorExpr sel) => FormattedValues.Text(sel) is var t && t != "the value" ? t : sel.Sel.Name;

    private static bool IsAssigned(FuncDecl d, SelectorExpr sel) =>
        Walker.Any(d.Body!, n => n is AssignStmt a && a.Lhs.Any(l => ReferenceEquals(Expr.Unparen(l), sel)));

    /// <summary>The functions handed to Once.Do, by the Once's class; null for a class some Do of which is given a
    /// function we cannot see (a field, a value from elsewhere).</summary>
    private static Dictionary<string, List<OnceRunner>?> OnceRunners(Pass pass, List<FuncDecl> decls)
    {
        var result = new Dictionary<string, List<OnceRunner>?>(StringComparer.Ordinal);
        var byFunc = new Dictionary<Func, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var d in decls)
            if (pass.Info.Defs.GetValueOrDefault(d.Name) is Func f) byFunc[f] = d;
        foreach (var d in decls)
            Walker.Inspect(d.Body!, n =>
            {
                if (n is not CallExpr { Fun: SelectorExpr onceSel, Args: [var arg] } call || Calls.Callee(pass.Info, call)?.FullName != "(*sync.Once).Do") return true;
                if (LockPaths.Of(pass.Info, onceSel.X)?.Class is not { } cls) return true;
                if (!result.TryGetValue(cls, out var list)) result[cls] = list = [];
                if (list == null) return true;
                var found = Runners(pass, decls, byFunc, d, arg, call, 0);
                if (found == null) result[cls] = null;
                else list.AddRange(found);
                return true;
            });
        return result;
    }

    /// <summary>What a function argument runs: a literal, a function or method of the package named, or a parameter of
    /// the enclosing function, followed to what its callers pass (one level).</summary>
    private static List<OnceRunner>? Runners(Pass pass, List<FuncDecl> decls, Dictionary<Func, FuncDecl> byFunc, FuncDecl enclosing, Expr arg, CallExpr at, int depth)
    {
        switch (Expr.Unparen(arg))
        {
            case FuncLit lit:
                return [new OnceRunner(lit.Body, at, null)];
            case var named when (named switch { Ident id => pass.Info.ObjectOf(id), SelectorExpr s => pass.Info.ObjectOf(s.Sel), _ => null }) is Func f && byFunc.TryGetValue(f, out var decl):
                return [new OnceRunner(decl.Body!, at, decl)];
            case Ident id when depth == 0 && pass.Info.ObjectOf(id) is Var v && Facts.SummaryBuilder.ParamVars(enclosing, pass.Info).FindIndex(p => ReferenceEquals(p, v)) is var index and >= 0
                               && pass.Info.Defs.GetValueOrDefault(enclosing.Name) is Func helper:
                var found = new List<OnceRunner>();
                var unknown = false;
                foreach (var caller in decls)
                    Walker.Inspect(caller.Body!, n =>
                    {
                        if (unknown) return false;
                        if (n is CallExpr c && ReferenceEquals(Calls.Callee(pass.Info, c), helper))
                        {
                            if (index >= c.Args.Count || Runners(pass, decls, byFunc, caller, c.Args[index], c, depth + 1) is not { } more) unknown = true;
                            else found.AddRange(more);
                        }
                        return !unknown;
                    });
                return unknown ? null : found;
            default:
                return null;
        }
    }

    /// <summary>Whether the package calls the method or function anywhere but as a Once.Do argument.</summary>
    private static bool CalledDirectly(Pass pass, List<FuncDecl> decls, FuncDecl runner)
    {
        var f = pass.Info.Defs.GetValueOrDefault(runner.Name);
        return decls.Any(d => Walker.Any(d.Body!, n => n is CallExpr c && ReferenceEquals(Calls.Callee(pass.Info, c), f)));
    }

    /// <summary>Whether a body calls a function of the package that uses the field (it may cancel after all).</summary>
    private static bool CallsUser(Pass pass, List<FuncDecl> decls, Node body, string fieldClass) =>
        Walker.Any(body, n => n is CallExpr c && Calls.Callee(pass.Info, c) is { } callee
                              && decls.FirstOrDefault(d => ReferenceEquals(pass.Info.Defs.GetValueOrDefault(d.Name), callee)) is { } decl
                              && Walker.Any(decl.Body!, x => x is SelectorExpr s && LockPaths.Of(pass.Info, s)?.Class == fieldClass));
}
