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
            // Most functions acquire nothing at all: nothing to search.
            if (pass.AcquireSites(fn).Count == 0) continue;
            // Returning from main.main ends the process, which releases everything (as go vet's lostcancel
            // says): only values overwritten or discarded before that leak there.
            var endsProcess = fn.Function is Syntax.Ast.FuncDecl { Recv: null, Name.Name: "main" } && pass.Package.Name == "main";
            var type = fn.Function switch { Syntax.Ast.FuncDecl d => d.Type, Syntax.Ast.FuncLit l => l.Type, _ => null };
            var leaks = MustRelease.Find(pass.Cfg(fn), pass.AcquireSites(fn), pass.Info, pass.Facts, kinds, type);
            var reported = new List<Leak>();
            foreach (var leak in leaks)
            {
                if (endsProcess && leak.Reason == LeakReason.NotReleasedOnPath) continue;
                if (filter != null && !filter(leak)) continue;
                // One finding per root cause: `if t == 0 { c, err = Dial(a) } else { c, err = DialTimeout(a, t) }`
                // leaks the same variable at the same exits from either acquire; report the first.
                if (reported.Exists(r => SameCause(r, leak))) continue;
                reported.Add(leak);
                var also = leaks.Where(l => !ReferenceEquals(l, leak) && SameCause(l, leak)).Select(l => l.Acquire).ToList();
                // A release deferred after one of several acquires would not cover the others.
                Report(pass, leak, also, also.Count == 0 ? ReleaseFix.For(pass, fn, leak) : null);
            }
        }
    }

    /// <summary>The same variable lost the same way at the same places (the overwrite, or every return).</summary>
    private static bool SameCause(Leak a, Leak b) =>
        a.Reason == b.Reason && a.Reason != LeakReason.Discarded && ReferenceEquals(a.Kind, b.Kind) && a.Variable == b.Variable
        && ReferenceEquals(a.Exit, b.Exit) && a.Returns.SequenceEqual(b.Returns, ReferenceEqualityComparer.Instance);

    public static void Report(Pass pass, Leak leak, IReadOnlyList<Syntax.Ast.CallExpr>? alsoAcquiredBy = null, SuggestedFix? fix = null)
    {
        var k = leak.Kind;
        var callee = DisplayName(leak.Acquirer);
        // {0}: the variable; {1}: the acquirer's package, whose release function is the one to call (unix.Close, syscall.Munmap).
        var hint = string.Format(System.Globalization.CultureInfo.InvariantCulture, k.ReleaseHint, leak.Variable.Length > 0 ? leak.Variable : "x", leak.Acquirer.Pkg?.Name);
        var consequence = k.ConsequenceOf(leak.Acquirer);
        var also = alsoAcquiredBy is { Count: > 0 }
            ? $" (and from the acquire at line {ExitList.Join(alsoAcquiredBy.Select(pass.Line).Distinct().Order().ToList())})"
            : "";
        switch (leak.Reason)
        {
            case LeakReason.Discarded:
                pass.Report(leak.Acquire, $"the {k.What} returned by {callee} is discarded, so nothing can release it: {consequence}");
                return;
            case LeakReason.Overwritten:
                pass.Report(leak.Acquire, $"the {k.What} from {callee} in {leak.Variable}{also} is overwritten at line {pass.Line(leak.Exit!)} before {hint} is called: {consequence}",
                    new RelatedLocation(pass.Span(leak.Exit!), $"{leak.Variable} is assigned again here while the previous {k.What} is still open"));
                return;
            default:
                pass.Report(pass.Span(leak.Acquire), $"the {k.What} from {callee} in {leak.Variable}{also} is not released on every path: {ExitList.Describe(pass, leak.Returns)} without {hint}; {consequence}",
                    leak.Returns.Select(r => new RelatedLocation(pass.Span(r), $"this return leaves the {k.What} in {leak.Variable} unreleased")).ToList(), fix);
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
