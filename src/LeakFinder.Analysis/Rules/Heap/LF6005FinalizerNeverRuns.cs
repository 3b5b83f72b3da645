using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Heap;

/// <summary>
/// LF6005: runtime.SetFinalizer that cannot do its job. Two shapes:
/// the finalizer closure captures the object it is set on (or the function stores the object in one of its own
/// fields), so the object stays reachable from the finalizer itself and is never collected: the finalizer never
/// runs and whatever the object holds leaks; and the finalizer is the only release of a resource: it closes or
/// frees something, the object's type (declared in the package) has no Close, Release, Free or similar method,
/// and nothing else in the package calls that release on that field or calls the finalizer function, so the
/// resource lives until a garbage collection that may come late or never. Docs: docs/rules/LF6005.md.
/// </summary>
public sealed class LF6005FinalizerNeverRuns : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF6005", "finalizer-never-runs", RuleCategory.MemoryRetention, Severity.Warning,
        "A finalizer never runs, or is the only release")
    {
        Since = "0.5",
        Summary = "runtime.SetFinalizer whose closure captures its own object (a cycle: it never runs), or whose finalizer is the only thing that closes or frees the object's resource",
    };

    /// <summary>Names of methods and functions that give a resource back (compared case-insensitively).</summary>
    private static readonly string[] ReleaseWords = ["close", "free", "release", "destroy", "dispose", "unmap", "munmap", "delete", "cleanup", "shutdown", "stop", "unref", "finalize", "dealloc"];

    public override void Run(Pass pass)
    {
        // Every site is a SetFinalizer call.
        if (!pass.UsesFunction("runtime.SetFinalizer")) return;
        var sites = new List<(FuncDecl In, CallExpr Call)>();
        foreach (var file in pass.Files)
            foreach (var d in file.File.Decls.OfType<FuncDecl>())
                if (d.Body != null)
                    Walker.Inspect(d.Body, n =>
                    {
                        if (n is CallExpr c && c.Args.Count == 2 && Calls.Callee(pass.Info, c)?.FullName == "runtime.SetFinalizer") sites.Add((d, c));
                        return true;
                    });
        if (sites.Count == 0) return;
        var decls = new Dictionary<GoObject, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
            foreach (var d in file.File.Decls.OfType<FuncDecl>())
                if (d.Body != null && pass.Info.ObjectOf(d.Name) is Func f) decls[f] = d;
        var finalizers = sites.Select(s => s.Call.Args[1]).ToList();
        foreach (var (fn, call) in sites)
        {
            if (Expr.Unparen(call.Args[0]) is not Ident objId || pass.Info.ObjectOf(objId) is not Var obj) continue;
            var fin = Expr.Unparen(call.Args[1]);
            if (fin is FuncLit lit && FirstMention(pass, lit.Body, obj) is { } captured)
                pass.Report(call, $"the finalizer closure refers to {obj.Name} itself (line {pass.Line(captured)}): the runtime keeps the finalizer, the closure keeps {obj.Name}, so {obj.Name} is never unreachable and its finalizer never runs; use the finalizer's parameter instead",
                    new RelatedLocation(pass.Span(captured), $"{obj.Name} is captured here"));
            else if (SelfField(pass, fn.Body!, obj) is { } cycle)
                pass.Report(call, $"{obj.Name} points to itself ({pass.Line(cycle)}): a finalizer set on an object in a reference cycle is not guaranteed to run (runtime.SetFinalizer), so what it releases leaks; break the cycle or release explicitly",
                    new RelatedLocation(pass.Span(cycle), "the cycle is made here"));
            else if (OnlyRelease(pass, decls, finalizers, obj, fin) is { } release)
                pass.Report(call, $"the finalizer is the only release of what {obj.Name} holds: {release.What} is called nowhere else and {TypeOf(obj)?.Obj.Name} has no Close method, so the resource stays open until a garbage collection happens to collect {obj.Name}, which may be late or never; add a Close method that releases it, and keep the finalizer only as a safety net",
                    new RelatedLocation(pass.Span(release.Call), "the finalizer releases here"));
        }
    }

    private static Ident? FirstMention(Pass pass, Node root, Var v)
    {
        Ident? found = null;
        Walker.Inspect(root, n =>
        {
            if (n is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), v)) found = id;
            return found == null;
        });
        return found;
    }

    /// <summary>An assignment `obj.f = obj` in the function that sets the finalizer: obj reaches itself.</summary>
    private static AssignStmt? SelfField(Pass pass, BlockStmt body, Var v)
    {
        AssignStmt? found = null;
        Walker.Inspect(body, n =>
        {
            if (n is AssignStmt a && a.Lhs.Count == a.Rhs.Count)
                for (var i = 0; i < a.Lhs.Count; i++)
                    if (Expr.Unparen(a.Lhs[i]) is SelectorExpr { X: Ident owner } && ReferenceEquals(pass.Info.ObjectOf(owner), v)
                        && Expr.Unparen(a.Rhs[i]) is Ident value && ReferenceEquals(pass.Info.ObjectOf(value), v))
                        found = a;
            return found == null && n is not FuncLit;
        });
        return found;
    }

    private static NamedType? TypeOf(Var v) => (v.Type is PointerType p ? p.Elem : v.Type) as NamedType;

    /// <summary>The release call of a finalizer that is the object's only release, or null.</summary>
    private static (CallExpr Call, string What)? OnlyRelease(Pass pass, Dictionary<GoObject, FuncDecl> decls, List<Expr> finalizers, Var obj, Expr fin)
    {
        if (TypeOf(obj) is not { } t || !ReferenceEquals(t.Obj.Pkg, pass.Package)) return null;
        if (t.Methods.Any(m => IsReleaseName(m.Name))) return null;
        BlockStmt? body;
        Func? named = null;
        switch (fin)
        {
            case FuncLit lit: body = lit.Body; break;
            case Ident or SelectorExpr when (fin is Ident i ? pass.Info.ObjectOf(i) : pass.Info.Uses.GetValueOrDefault(((SelectorExpr)fin).Sel)) is Func { Declared: var f } && decls.TryGetValue(f, out var d):
                named = f;
                body = d.Body;
                break;
            default: return null;
        }
        if (body == null) return null;
        // A named finalizer someone also calls directly is an explicit release too.
        if (named != null && References(pass, named) > 1) return null;
        var release = ReleaseCall(pass, body);
        if (release == null) return null;
        var key = ReleaseKey(pass, release.Value.Call);
        var elsewhere = false;
        foreach (var file in pass.Files)
            Walker.Inspect(file.File, n =>
            {
                if (elsewhere || n is Expr e && finalizers.Contains(e) || n is FuncDecl fd && named != null && ReferenceEquals(pass.Info.ObjectOf(fd.Name), named)) return false;
                if (n is CallExpr c && !ReferenceEquals(c, release.Value.Call) && ReleaseKey(pass, c) == key) elsewhere = true;
                return !elsewhere;
            });
        return elsewhere ? null : release;
    }

    /// <summary>The first call in the finalizer whose callee's name says it releases something.</summary>
    private static (CallExpr Call, string What)? ReleaseCall(Pass pass, BlockStmt body)
    {
        (CallExpr, string)? found = null;
        Walker.Inspect(body, n =>
        {
            if (found != null || n is FuncLit) return false;
            if (n is CallExpr c && CalleeName(c) is { } name && IsReleaseName(name) && c.Args.Count + (Expr.Unparen(c.Fun) is SelectorExpr ? 1 : 0) > 0)
                found = (c, Render(c.Fun));
            return found == null;
        });
        return found;
    }

    /// <summary>What a release call releases, as text: the callee and the fields its arguments name
    /// ("C.free|buf@123"), so the same release of the same field elsewhere matches.</summary>
    private static string? ReleaseKey(Pass pass, CallExpr c)
    {
        if (CalleeName(c) is not { } name || !IsReleaseName(name)) return null;
        var callee = Calls.Callee(pass.Info, c) is { } f ? f.FullName : Render(c.Fun);
        var fields = new List<string>();
        foreach (var arg in c.Args)
            Walker.Inspect(arg, n =>
            {
                if (n is SelectorExpr sel && pass.Info.Uses.GetValueOrDefault(sel.Sel) is Var { IsField: true } field) fields.Add(FieldKey(field));
                return true;
            });
        // A method call releases its receiver: key on the receiver's field (h.conn.Close()).
        if (Expr.Unparen(c.Fun) is SelectorExpr { X: SelectorExpr recv } && pass.Info.Uses.GetValueOrDefault(recv.Sel) is Var { IsField: true } recvField) fields.Add(FieldKey(recvField));
        return callee + "|" + string.Join(",", fields);
    }

    /// <summary>A field by its declaration, so the same name in another struct is another field.</summary>
    private static string FieldKey(Var field) => $"{field.Name}@{field.Pos}";

    private static int References(Pass pass, Func f) => pass.Info.Uses.Values.Count(o => ReferenceEquals(o, f));

    private static string? CalleeName(CallExpr c) => Expr.Unparen(c.Fun) switch
    {
        Ident id => id.Name,
        SelectorExpr sel => sel.Sel.Name,
        _ => null,
    };

    private static bool IsReleaseName(string name) =>
        ReleaseWords.Any(w => name.StartsWith(w, StringComparison.OrdinalIgnoreCase) || name.EndsWith(w, StringComparison.OrdinalIgnoreCase) || name.Contains("_" + w, StringComparison.OrdinalIgnoreCase));

    private static string Render(Expr e) => Expr.Unparen(e) switch
    {
        Ident id => id.Name,
        SelectorExpr sel => Render(sel.X) + "." + sel.Sel.Name,
        _ => "the call",
    };
}
