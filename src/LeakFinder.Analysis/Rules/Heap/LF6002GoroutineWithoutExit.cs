using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Heap;

/// <summary>
/// LF6002: a goroutine whose body is an endless `for {}` with no way out (no return, no break or goto leaving
/// it, no call that never returns), started by a function that runs again and again: not main or init, not
/// under a sync.Once, not in a command's package. Every call leaves one more goroutine running for the life of
/// the process, holding everything it references. When the function is a method or constructor of a type with
/// a Stop, Close, Shutdown or Cancel method the rule stays silent: the author meant the goroutine to end, and
/// what ends it (a closed connection, a process-wide singleton) is beyond syntax. Docs: docs/rules/LF6002.md.
/// </summary>
public sealed class LF6002GoroutineWithoutExit : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF6002", "goroutine-without-exit", RuleCategory.GoroutineLeak, Severity.Warning,
        "A goroutine loops for ever and is started on every call")
    {
        Since = "0.4",
        Summary = "a goroutine whose endless `for` loop has no return, break or exit, started by a function that is not main, init or a sync.Once",
        Experimental = true,
    };

    private static readonly HashSet<string> StopMethods = new(StringComparer.Ordinal) { "Stop", "Close", "Shutdown", "Cancel", "Done", "Quit", "Exit", "Kill" };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [Once.FunctionsAnalysis];

    public override void Run(Pass pass)
    {
        if (pass.Package.Name == "main") return;
        var decls = new Dictionary<GoObject, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
            foreach (var d in file.File.Decls.OfType<FuncDecl>())
                if (d.Body != null && pass.Info.ObjectOf(d.Name) is Func f) decls[f] = d;
        var runOnce = pass.ResultOf(Once.FunctionsAnalysis);
        foreach (var file in pass.Files)
            foreach (var starter in file.File.Decls.OfType<FuncDecl>())
            {
                if (starter.Body == null || starter is { Recv: null, Name.Name: "init" or "main" }) continue;
                if (pass.Info.ObjectOf(starter.Name) is { } self && runOnce.Contains(self)) continue;
                if (OwnerType(pass, starter) is { } owner && HasStopMethod(owner)) continue;
                var ancestors = new List<Node>();
                Walker.Inspect(starter.Body, n =>
                {
                    if (n == null)
                    {
                        ancestors.RemoveAt(ancestors.Count - 1);
                        return false;
                    }
                    if (n is GoStmt go && !Once.Encloses(pass.Info, ancestors) && Body(pass, go, decls) is { } body
                        && EndlessLoop(pass.Info, body) is { } loop)
                    {
                        var at = pass.FileSet.Position(loop.Pos());
                        pass.Report(go, $"the goroutine started here never ends: its for loop at {Path.GetFileName(at.Filename)}:{at.Line} has no return, no break and no exit, so every call of {starter.Name.Name} leaves one more goroutine running for the life of the process; give the loop a way out (a ctx.Done() or stop-channel case that returns)",
                            new RelatedLocation(pass.Span(loop.Pos(), loop.Pos()), "this loop never ends"));
                    }
                    ancestors.Add(n);
                    return true;
                });
            }
    }

    /// <summary>The goroutine's body: the literal's, or the package function's or method's it calls.</summary>
    private static BlockStmt? Body(Pass pass, GoStmt go, Dictionary<GoObject, FuncDecl> decls)
    {
        if (Expr.Unparen(go.Call.Fun) is FuncLit lit) return lit.Body;
        return Calls.Callee(pass.Info, go.Call) is { } f && decls.TryGetValue(f, out var d) ? d.Body : null;
    }

    /// <summary>A top-level `for {}` of the body with no way out, or null. A call that never returns (panic,
    /// log.Fatal) ends the goroutine too, so it counts as a way out.</summary>
    private static ForStmt? EndlessLoop(TypeInfo info, BlockStmt body)
    {
        foreach (var stmt in body.List)
        {
            var (loop, label) = stmt is LabeledStmt { Stmt: ForStmt lf } ls ? (lf, ls.Label.Name) : (stmt as ForStmt, null);
            if (loop is not { Cond: null } || !Loops.IsEndless(loop, label)) continue;
            var ends = false;
            Walker.Inspect(loop.Body, n =>
            {
                if (ends || n is null or FuncLit) return false;
                if (n is CallExpr call && !NoReturnCalls.MayReturn(info, call)) ends = true;
                return !ends;
            });
            if (!ends) return loop;
        }
        return null;
    }

    /// <summary>The type the starting function belongs to: its receiver's, or the package type a constructor returns.</summary>
    private static NamedType? OwnerType(Pass pass, FuncDecl starter)
    {
        if (pass.Info.ObjectOf(starter.Name) is not Func { Signature: { } sig }) return null;
        var t = sig.Recv?.Type ?? (sig.Results.Count > 0 ? sig.Results[0].Type : null);
        if (t is PointerType p) t = p.Elem;
        return t is NamedType n && ReferenceEquals(n.Obj.Pkg, pass.Package) ? n : null;
    }

    private static bool HasStopMethod(NamedType t)
    {
        foreach (var m in t.Methods)
            if (StopMethods.Contains(m.Name)) return true;
        return false;
    }
}
