using LeakFinder.Check;
using LeakFinder.Analysis;
using System.Diagnostics;
using LeakFinder.Check.Baseline;
using LeakFinder.Check.Cache;
using LeakFinder.Check.ChangedLines;
using LeakFinder.Check.Suppressions;
using LeakFinder.Check.Config;
using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;

namespace LeakFinder.Check.Pipeline;

/// <summary>
/// `leakfinder check` end to end: configuration, loading, type checking, the enabled rules, then the
/// filters users control (excluded paths, severities, baseline). Files that do not parse and imports that
/// are missing become <see cref="InputError"/>s; the rest of the scan goes on. Nothing in the scanned tree
/// is written (only an explicitly requested baseline file).
/// </summary>
public static class CheckRunner
{

    public static CheckResult Run(CheckOptions options)
    {
        var clock = Stopwatch.StartNew();
        var phases = new PhaseClock();
        var config = LoadConfig(options);
        var rules = RuleRegistry.All.Where(r => config.IsEnabled(r.Descriptor)).ToList();
        var findings = new List<Diagnostic>();
        var errors = new List<InputError>();
        var warnings = new List<string>();
        var suppressions = new SuppressionIndex(options.WorkDir, RuleRegistry.Descriptors);
        int packages = 0, files = 0, lowImpact = 0;
        var coverage = ImportCoverage.Empty;
        string? remedy = null;
        var cacheReport = CacheReport.Off;
        phases.Lap("configuration");
        foreach (var (dir, patterns) in PatternGroups.Split(options.WorkDir, options.Patterns))
        {
            var part = RunGroup(options, config, rules, dir, patterns, errors, warnings, suppressions, phases);
            findings.AddRange(part.Findings);
            packages += part.Packages;
            files += part.Files;
            lowImpact += part.LowImpact;
            cacheReport = cacheReport.Union(part.Cache);
            coverage = coverage.Union(part.Imports);
            if (part.Imports.Unresolved.Count > 0) remedy ??= part.Remedy;
        }
        findings.Sort(Analyzer.CompareByPosition);

        var (kept, suppressed) = suppressions.Filter(findings);
        findings = kept.ToList();
        errors.AddRange(suppressions.Errors());
        var unused = suppressions.UnusedSuppressions();
        if (options.NewFromRev != null)
        {
            try
            {
                findings = ChangedLineSet.Compute(options.WorkDir, options.NewFromRev).Filter(findings).ToList();
            }
            catch (ChangedLinesException e)
            {
                throw new CheckUsageException(e.Message);
            }
        }

        var sources = new SourceFiles(options.WorkDir);
        if (options.WriteBaselinePath != null) BaselineFile.Write(Path.GetFullPath(options.WriteBaselinePath, options.WorkDir), findings, sources);
        if (options.BaselinePath != null)
        {
            var baseline = LoadBaseline(Path.GetFullPath(options.BaselinePath, options.WorkDir));
            var (fresh, baselined) = baseline.Filter(findings, sources);
            findings = fresh.ToList();
            suppressed += baselined;
        }

        phases.Lap("filters");
        var stats = new CheckStats(packages, files, findings.Count, suppressed, clock.Elapsed) { Phases = phases.Laps, LowImpactHidden = options.AllContexts ? 0 : lowImpact };
        return new CheckResult(findings, Dedupe(errors), stats, rules.Select(r => r.Descriptor).ToList())
        {
            UnusedSuppressions = unused,
            Dependencies = DependencyReport.From(coverage, remedy ?? ""),
            Warnings = warnings.Distinct().ToList(),
            Cache = cacheReport,
        };
    }

    private sealed record GroupResult(List<Diagnostic> Findings, int Packages, int Files, ImportCoverage Imports, string Remedy)
    {
        public int LowImpact { get; init; }
        public CacheReport Cache { get; init; } = CacheReport.Off;
    }

    private static GroupResult RunGroup(CheckOptions options, LeakFinderConfig config, List<Rule> rules, string dir, List<string> patterns,
        List<InputError> errors, List<string> warnings, SuppressionIndex suppressions, PhaseClock phases)
    {
        options.Progress?.Invoke("loading packages");
        var load = PackageLoader.Load(new LoadOptions
        {
            Dir = dir,
            Patterns = patterns,
            Tests = options.Tests,
            BuildTags = options.BuildTags,
            GOOS = options.GOOS,
            GOARCH = options.GOARCH,
            Env = options.Env,
            FollowSymlinks = options.FollowSymlinks,
            Overlay = options.Overlay,
            SyntaxOnDemand = true,
        });
        phases.Lap("load");
        foreach (var e in load.Errors) errors.Add(InputErrors.FromText(e));
        warnings.AddRange(load.Warnings);
        var roots = load.Roots.Where(r => !config.IsExcluded(r.Dir)).ToList();

        var goVersion = GoVersionOf(options, config, roots);
        var rootSet = new HashSet<LoadedPackage>(roots, ReferenceEqualityComparer.Instance);
        bool GivesFacts(LoadedPackage p) => rootSet.Contains(p) || (options.FactsFromModule && p.Kind == ImportKind.Module);
        var cache = options.Cache is { } cacheOptions
            ? CachedGroup.Open(cacheOptions, RunKey.For(cacheOptions, options, config, rules, goVersion, load), load, roots, GivesFacts, goVersion)
            : null;
        var toAnalyse = cache == null ? rootSet : new HashSet<LoadedPackage>(cache.Misses, ReferenceEqualityComparer.Instance);
        if (cache != null) phases.Lap("cache lookup");
        options.Progress?.Invoke($"checking {load.Packages.Count} packages");
        // Each root package is analysed as soon as it is type-checked, beside the checking of the packages
        // above it: on the long import chains of real programs one core would otherwise sit idle. Then its
        // syntax trees and type information go: importers need only its types and its functions' summaries,
        // so memory follows the packages in flight, not the whole program (the load kept no trees: each is
        // parsed when its package is checked). What the report needs of the trees is taken from them before:
        // an analysed root's notes (suppressions, context survey; the cache stores them with its findings),
        // the context survey of any other package checked.
        var session = new AnalysisSession(rules);
        AnalysisPackage ForRules(LoadedPackage loaded, CheckedPackage checkedPackage) =>
            new(checkedPackage, loaded.Files.Select(f => f.Parse).ToList(), load.FileSet, LanguageVersion.ForPackage(loaded, goVersion));
        var analysed = new System.Collections.Concurrent.ConcurrentBag<LoadedPackage>();
        var notes = new System.Collections.Concurrent.ConcurrentDictionary<LoadedPackage, PackageNotes>(ReferenceEqualityComparer.Instance);
        var surveys = new System.Collections.Concurrent.ConcurrentDictionary<LoadedPackage, CodeContexts.PackageSurvey>(ReferenceEqualityComparer.Instance);
        if (toAnalyse.Count > 0)
            ProgramChecker.CheckEach(cache?.ToCheck(load) ?? load, StdApiModel.DefaultFor(goVersion ?? GoVersion.Latest),
                onChecked: (loaded, checkedPackage) =>
                {
                    if (GivesFacts(loaded)) session.AddFacts(ForRules(loaded, checkedPackage));
                },
                followUp: (loaded, checkedPackage) =>
                {
                    if (GivesFacts(loaded))
                    {
                        var package = ForRules(loaded, checkedPackage);
                        if (toAnalyse.Contains(loaded))
                        {
                            session.Analyze(package);
                            analysed.Add(loaded);
                        }
                        session.Seal(package);
                    }
                    if (toAnalyse.Contains(loaded)) notes[loaded] = PackageNotes.Read(loaded, suppressions);
                    // (A root checked only as a hit's import has its notes from the cache.)
                    else if (!rootSet.Contains(loaded)) surveys[loaded] = CodeContexts.Survey(loaded);
                    loaded.ReleaseSyntax();
                });
        phases.Lap("type-check and rules");
        var analysis = session.Result();
        cache?.Store(analysis, analysed, notes);
        var rootNotes = new Dictionary<LoadedPackage, PackageNotes>(ReferenceEqualityComparer.Instance);
        foreach (var (p, n) in notes.Select(kv => (kv.Key, kv.Value)).Concat(cache?.HitNotes ?? []))
        {
            foreach (var f in n.Suppressions) suppressions.Add(f);
            surveys[p] = n.Survey;
            rootNotes[p] = n;
        }
        // The roots' load errors, then their syntax errors: the load parsed only headers, the check the rest.
        foreach (var p in roots)
        {
            foreach (var e in p.Errors) errors.Add(InputErrors.FromText(e));
            errors.AddRange(rootNotes.TryGetValue(p, out var n) ? n.SyntaxErrors : p.Files.SelectMany(f => f.SyntaxErrors).Select(InputErrors.FromSyntax));
        }
        // The stored findings join the fresh ones as if analysed now: errors in the session's order.
        var analysisErrors = analysis.Errors.Concat(cache?.HitErrors ?? []).ToList();
        analysisErrors.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        errors.AddRange(analysisErrors);
        var packages = analysed.Concat(cache?.Hits ?? []).ToList();

        var findings = analysis.Diagnostics.Concat(cache?.HitDiagnostics ?? [])
            .Where(d => !config.IsExcluded(d.Span.File))
            .Select(d => d with { Severity = config.SeverityFor(d.Rule) })
            .ToList();
        // A package no check parsed this run (only hits import it) is surveyed from its files here.
        var lowImpact = LowImpact.Apply(findings, new CodeContexts(load.Packages, p => surveys.GetOrAdd(p, SurveyUnchecked)), options.AllContexts);
        // Counted over the analysed roots and what they reach: an import only excluded code makes is no gap.
        return new GroupResult(findings, packages.Count, packages.Sum(p => p.Files.Count), ImportCoverage.Of(roots), load.Setup.MissingImportsRemedy)
        {
            LowImpact = lowImpact,
            Cache = cache?.Report ?? CacheReport.Off,
        };
    }

    private static CodeContexts.PackageSurvey SurveyUnchecked(LoadedPackage p)
    {
        var survey = CodeContexts.Survey(p);
        p.ReleaseSyntax();
        return survey;
    }

    // Every problem of the file and of --enable in one report: the file's in file order, then the flag's.
    private static LeakFinderConfig LoadConfig(CheckOptions options)
    {
        var problems = new List<ConfigError>();
        LeakFinderConfig config;
        try
        {
            config = options.ConfigPath != null
                ? LeakFinderConfig.Load(Path.GetFullPath(options.ConfigPath, options.WorkDir), RuleRegistry.Descriptors)
                : LeakFinderConfig.FindAndLoad(options.WorkDir, RuleRegistry.Descriptors);
        }
        catch (ConfigException e)
        {
            problems.AddRange(e.Errors);
            config = LeakFinderConfig.Default(options.WorkDir);
        }
        config = config.WithEnabled(options.Enable.Select(e => new RuleSelector(e))).WithDisabled(options.Disable.Select(d => new RuleSelector(d)));
        problems.AddRange(config.Validate(RuleRegistry.Descriptors).Where(p => !problems.Contains(p)));
        if (problems.Count > 0) throw new CheckUsageException(string.Join("\n", problems));
        return config;
    }

    private static BaselineFile LoadBaseline(string path)
    {
        try
        {
            return BaselineFile.Load(path);
        }
        catch (BaselineException e)
        {
            throw new CheckUsageException(e.Message);
        }
    }

    /// <summary>--go, else the configuration's go:, else the root modules' go.mod (the newest), else unknown.</summary>
    private static GoVersion? GoVersionOf(CheckOptions options, LeakFinderConfig config, IReadOnlyList<LoadedPackage> roots)
    {
        if (options.GoVersion != null)
            return GoVersion.Parse(options.GoVersion) ?? throw new CheckUsageException($"--go {options.GoVersion}: not a Go version (want e.g. 1.22)");
        return LanguageVersion.ForLoad(roots, config.GoVersion != null ? GoVersion.Parse(config.GoVersion) : null);
    }

    private static List<InputError> Dedupe(List<InputError> errors) =>
        errors.DistinctBy(e => e.ToString()).OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList();

    /// <summary>Time and allocations since the last lap, added up per phase name (a scan of several groups loads several times).</summary>
    private sealed class PhaseClock
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _allocated = GC.GetTotalAllocatedBytes();
        private TimeSpan _cpu = Environment.CpuUsage.TotalTime;
        private readonly List<PhaseTiming> _laps = [];

        public IReadOnlyList<PhaseTiming> Laps => _laps;

        public void Lap(string phase)
        {
            var elapsed = _clock.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes();
            var cpu = Environment.CpuUsage.TotalTime;
            var gc = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            using var process = Process.GetCurrentProcess();
            var lap = new PhaseTiming(phase, elapsed, cpu - _cpu, allocated - _allocated)
            {
                PeakResidentBytes = process.PeakWorkingSet64,
                HeapAfterLastGcBytes = gc.HeapSizeBytes - gc.FragmentedBytes,
            };
            _clock.Restart();
            _allocated = allocated;
            _cpu = cpu;
            var i = _laps.FindIndex(l => l.Phase == phase);
            if (i < 0) _laps.Add(lap);
            else _laps[i] = lap with { Elapsed = _laps[i].Elapsed + lap.Elapsed, Cpu = _laps[i].Cpu + lap.Cpu, AllocatedBytes = _laps[i].AllocatedBytes + lap.AllocatedBytes };
            // (Memory figures are the latest: the peak only grows, and the heap is as the last lap left it.)
        }
    }
}
