using LeakFinder.Analysis;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;

namespace LeakFinder.Check.Pipeline;

/// <summary>Where a finding sits, as far as its impact goes.</summary>
public enum CodeContext
{
    /// <summary>Library or service code: a leak here repeats for as long as the process runs.</summary>
    Service,
    /// <summary>A command's code (a package main that does not serve, or packages under cmd/ only such commands
    /// import): the process exits soon.</summary>
    Command,
    /// <summary>Tests and their support code (_test.go, test directories, packages importing "testing").</summary>
    Test,
    /// <summary>Inside a test, benchmark, fuzz or example function, or a helper given a *testing.T/B/F or
    /// testing.TB: its return ends the test, and the test binary with it soon after.</summary>
    TestDriver,
}

/// <summary>
/// Tells service code from command and test code, so that the leaks that only cost something in a long-running
/// process (an unclosed file, a lost cancel on a CLI's error path, a goroutine a test leaks when it times out) do
/// not drown the ones a reviewer must fix. Deadlocks are never demoted (a hang matters in a CLI and a test too),
/// nor goroutine leaks in a command (one may keep it from exiting).
/// </summary>
public sealed class CodeContexts
{
    private static readonly HashSet<string> TestDirNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "test", "tests", "testutil", "testutils", "testhelper", "testhelpers", "testing", "testsuite", "testsuites",
        "integration", "integrationtest", "integrationtests", "e2e", "mock", "mocks", "fake", "fakes",
    };

    private readonly Dictionary<string, CodeContext> _byDir = new(StringComparer.Ordinal);
    // Line ranges of the test-driving functions of each test file, for CodeContext.TestDriver.
    private readonly Dictionary<string, List<(int Start, int End)>> _drivers = new(StringComparer.Ordinal);

    /// <summary>What a package's syntax tells of its context: taken while its trees are there (a check releases
    /// them package by package), put together by the import graph once every package has one.</summary>
    public sealed record PackageSurvey(bool Serves, bool ImportsTesting, IReadOnlyDictionary<string, List<(int Start, int End)>> Drivers);

    public static PackageSurvey Survey(LoadedPackage p)
    {
        var drivers = new Dictionary<string, List<(int Start, int End)>>(StringComparer.Ordinal);
        // Files that may be test code: test files, and any file of a module package (its directory may be a test's).
        foreach (var f in p.Files)
            if ((f.IsTest || !p.IsStd) && Drivers(f) is { } ranges) drivers[f.Path] = ranges;
        return new PackageSurvey(!p.IsStd && Serves(p), ImportsTesting(p), drivers);
    }

    /// <summary>Classifies the loaded source packages by the import graph among them, reading their syntax trees.</summary>
    public CodeContexts(IEnumerable<LoadedPackage> packages) : this(packages, Survey)
    {
    }

    /// <summary>Classifies the loaded source packages by the import graph among them and their surveys.</summary>
    public CodeContexts(IEnumerable<LoadedPackage> packages, Func<LoadedPackage, PackageSurvey> surveyOf)
    {
        var all = packages.ToList();
        var surveys = all.ToDictionary<LoadedPackage, LoadedPackage, PackageSurvey>(p => p, surveyOf, ReferenceEqualityComparer.Instance);
        var list = all.Where(p => !p.IsStd).ToList();
        var importers = new Dictionary<LoadedPackage, List<LoadedPackage>>(ReferenceEqualityComparer.Instance);
        foreach (var p in list)
            foreach (var i in p.Imports)
                if (i.Package is { } target && !target.IsStd)
                {
                    if (!importers.TryGetValue(target, out var l)) importers[target] = l = [];
                    l.Add(p);
                }
        bool Serving(LoadedPackage p) => surveys[p].Serves;
        var command = new HashSet<LoadedPackage>(list.Where(p => p.Name == "main" && !Serving(p)), ReferenceEqualityComparer.Instance);
        // A package under a cmd/ directory that only commands import is a command's too (cmd/ctr/commands/pprof,
        // badger/cmd), unless it serves itself (cmd/influxd/run starts the server).
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var p in list)
                if (!command.Contains(p) && p.ImportPath.Split('/').Contains("cmd") && importers.TryGetValue(p, out var by)
                    && by.All(command.Contains) && !Serving(p))
                    changed |= command.Add(p);
        }
        foreach (var p in list)
        {
            var context = IsTestSupport(p, surveys[p]) ? CodeContext.Test : command.Contains(p) ? CodeContext.Command : CodeContext.Service;
            // A directory's package decides, not its external test package (whose files are _test.go anyway).
            if (p.IsXTest) _byDir.TryAdd(p.Dir, context);
            else _byDir[p.Dir] = context;
        }
        // Test-driving functions, in every test file and test-support package (std's own when checking Go's tree).
        foreach (var p in all)
            foreach (var f in p.Files)
                if ((f.IsTest || !p.IsStd && _byDir.GetValueOrDefault(p.Dir) == CodeContext.Test) && surveys[p].Drivers.TryGetValue(f.Path, out var ranges))
                    _drivers[f.Path] = ranges;
    }

    private static List<(int Start, int End)>? Drivers(LoadedFile f)
    {
        List<(int, int)>? ranges = null;
        var parse = f.Parse;
        foreach (var decl in parse.File.Decls)
        {
            if (decl is not Syntax.Ast.FuncDecl fd || !IsTestDriver(fd)) continue;
            var start = parse.TokenFile.PositionFor(fd.Pos(), adjusted: true).Line;
            var end = parse.TokenFile.PositionFor(fd.End(), adjusted: true).Line;
            (ranges ??= []).Add((start, end));
        }
        return ranges;
    }

    /// <summary>A function whose return ends a test (<see cref="Semantics.Checking.TestDrivers"/>).</summary>
    private static bool IsTestDriver(Syntax.Ast.FuncDecl fd) => Semantics.Checking.TestDrivers.Is(fd);

    /// <summary>The context of a finding: its file's, narrowed to <see cref="CodeContext.TestDriver"/> inside a
    /// test-driving function.</summary>
    public CodeContext Of(SourceSpan span)
    {
        var context = Of(span.File);
        if (context == CodeContext.Test && _drivers.TryGetValue(span.File, out var ranges)
            && ranges.Any(r => span.Line >= r.Start && span.Line <= r.End))
            return CodeContext.TestDriver;
        return context;
    }

    /// <summary>The context of a finding's file.</summary>
    public CodeContext Of(string file)
    {
        if (file.EndsWith("_test.go", StringComparison.Ordinal)) return CodeContext.Test;
        return _byDir.GetValueOrDefault(Path.GetDirectoryName(file) ?? "", CodeContext.Service);
    }

    /// <summary>Whether a finding of this rule in this context is low-impact: leaks of resources, timers,
    /// contexts and retained memory (a map that grows for the life of a short process) in command or test code. Null when it is not; else why, for the message.</summary>
    public static string? LowImpactReason(Diagnostic d, CodeContext context)
    {
        var leak = d.Rule.Category is RuleCategory.ResourceLeak or RuleCategory.TimerLeak or RuleCategory.ContextLeak or RuleCategory.MemoryRetention;
        return context switch
        {
            CodeContext.Command when leak => "in a command's code, whose process exits soon after",
            CodeContext.Test when leak => "in test code",
            CodeContext.TestDriver when leak => "in test code",
            // A goroutine a test function leaks only on its failure path (t.Error in the timeout case) dies with the
            // failing test binary. One leaked on the passing path is what goleak fails a test for, one leaked by the
            // code under test (a type's methods, even declared in a _test.go file) repeats with every use, and a
            // deadlock hangs the test: those are reported.
            CodeContext.TestDriver when d.Rule.Category == RuleCategory.GoroutineLeak && d.OnlyWhenTestFails => "in test code, on a failing test's path",
            _ => null,
        };
    }

    private static readonly HashSet<string> ServingCalls = new(StringComparer.Ordinal)
    {
        "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS", "Listen", "ListenTCP", "ListenUDP", "ListenUnix", "ListenPacket", "Notify",
    };

    /// <summary>
    /// Whether the package's own code listens, serves or waits for signals (http.ListenAndServe, net.Listen,
    /// grpc's Serve, signal.Notify): a long-running service, whose package main is no short-lived command.
    /// Judged by call names, before types, and generously: a wrong "serves" only keeps findings shown.
    /// </summary>
    private static bool Serves(LoadedPackage p)
    {
        foreach (var f in p.Files)
        {
            if (f.IsTest) continue;
            var serves = false;
            Syntax.Ast.Walker.Inspect(f.Parse.File, n =>
            {
                if (serves) return false;
                if (n is Syntax.Ast.CallExpr { Fun: Syntax.Ast.SelectorExpr sel } && ServingCalls.Contains(sel.Sel.Name)) serves = true;
                if (n is Syntax.Ast.SelectStmt { Body.List.Count: 0 }) serves = true;
                return !serves;
            });
            if (serves) return true;
        }
        return false;
    }

    /// <summary>A package under a test directory (by its import path, not the disk path, which may hold
    /// anything), or whose non-test files import "testing" (test helpers: etcd's integration package).</summary>
    private static bool IsTestSupport(LoadedPackage p, PackageSurvey survey)
    {
        foreach (var part in p.ImportPath.Split('/'))
            if (TestDirNames.Contains(part)) return true;
        return survey.ImportsTesting;
    }

    private static bool ImportsTesting(LoadedPackage p)
    {
        foreach (var f in p.Files)
        {
            if (f.IsTest) continue;
            foreach (var spec in f.Parse.File.Imports)
                if (spec.Path.Value == "\"testing\"") return true;
        }
        return false;
    }
}
