using LeakFinder.Analysis.Engine;
using LeakFinder.Check.Config;
using LeakFinder.Check.Pipeline;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Loading;

namespace LeakFinder.Check.Cache;

/// <summary>
/// The part of every package key that a run's settings decide: the build of LeakFinder, the enabled rules,
/// the configuration file's bytes (any edit of it invalidates everything, the simple rule that never serves
/// a stale finding), and the options that change what is loaded or how it is read: tests, tags, target,
/// Go version, module setup, facts from the whole module.
/// </summary>
public static class RunKey
{
    public static string For(CacheOptions cache, CheckOptions options, LeakFinderConfig config, IReadOnlyList<Rule> rules,
        GoVersion? goVersion, LoadResult load)
    {
        var h = new KeyHash();
        h.Add("leakfinder check findings").Add(cache.ToolId ?? BuildStamp.BuildId(cache.Directory));
        h.Add(rules.Count);
        foreach (var r in rules) h.Add(r.Descriptor.Id);
        h.Add(config.Path ?? "");
        h.Add(config.Path != null && File.Exists(config.Path) ? File.ReadAllBytes(config.Path) : []);
        h.Add(options.Tests).Add(options.FactsFromModule).Add(goVersion?.ToString() ?? "");
        h.Add(load.Context.ToString()).Add(load.Context.ToolTags.Count);
        foreach (var t in load.Context.ToolTags) h.Add(t);
        h.Add(load.Mode.ToString()).Add(load.Setup.GoVersion?.ToString() ?? "").Add(load.Setup.GoRoot ?? "");
        h.Add(load.Setup.MainModules.Count);
        foreach (var m in load.Setup.MainModules) h.Add(m.ToString()).Add(m.Dir);
        return h.Hex();
    }
}
