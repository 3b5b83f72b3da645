using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;

namespace LeakFinder.Analysis.Rules;

/// <summary>
/// Runs the must-release engine for some kinds over every function of a package and reports each leak at
/// its acquire, with the return (or overwrite) it reaches unreleased as the related location. Shared by
/// every rule built on the engine, so their messages read alike.
/// </summary>
public static class MustReleaseReporter
{
    public static void Run(Pass pass, IReadOnlyList<ResourceKind> kinds, Func<Leak, bool>? filter = null)
    {
        foreach (var fn in pass.Functions)
        {
            // Returning from main.main ends the process, which releases everything (as go vet's lostcancel
            // says): only values overwritten or discarded before that leak there.
            var endsProcess = fn.Function is Syntax.Ast.FuncDecl { Recv: null, Name.Name: "main" } && pass.Package.Name == "main";
            var type = fn.Function switch { Syntax.Ast.FuncDecl d => d.Type, Syntax.Ast.FuncLit l => l.Type, _ => null };
            var leaks = MustRelease.Find(pass.Cfg(fn), pass.AcquireSites(fn), pass.Info, pass.Facts, kinds, type);
            foreach (var leak in leaks)
            {
                if (endsProcess && leak.Reason == LeakReason.NotReleasedOnPath) continue;
                if (filter == null || filter(leak)) Report(pass, leak);
            }
        }
    }

    public static void Report(Pass pass, Leak leak)
    {
        var k = leak.Kind;
        var callee = DisplayName(leak.Acquirer);
        var hint = string.Format(System.Globalization.CultureInfo.InvariantCulture, k.ReleaseHint, leak.Variable.Length > 0 ? leak.Variable : "x");
        switch (leak.Reason)
        {
            case LeakReason.Discarded:
                pass.Report(leak.Acquire, $"the {k.What} returned by {callee} is discarded, so nothing can release it: {k.Consequence}");
                return;
            case LeakReason.Overwritten:
                pass.Report(leak.Acquire, $"the {k.What} from {callee} in {leak.Variable} is overwritten at line {pass.Line(leak.Exit!)} before {hint} is called: {k.Consequence}",
                    new RelatedLocation(pass.Span(leak.Exit!), $"{leak.Variable} is assigned again here while the previous {k.What} is still open"));
                return;
            default:
                pass.Report(leak.Acquire, $"the {k.What} from {callee} in {leak.Variable} is not released on every path: the return at line {pass.Line(leak.Exit!)} is reached without {hint}; {k.Consequence}",
                    new RelatedLocation(pass.Span(leak.Exit!), $"this return leaves the {k.What} in {leak.Variable} unreleased"));
                return;
        }
    }

    /// <summary>"http.Get", "Client.Do", "pkg.helper": how Go programmers name a callee.</summary>
    public static string DisplayName(Func f)
    {
        if (f.Signature?.Recv is { } recv)
        {
            var t = recv.Type is PointerType p ? p.Elem : recv.Type;
            var recvName = t is NamedType n ? n.Obj.Name : TypeFormatter.Format(t);
            return $"{recvName}.{f.Name}";
        }
        return f.Pkg == null ? f.Name : $"{f.Pkg.Name}.{f.Name}";
    }
}
