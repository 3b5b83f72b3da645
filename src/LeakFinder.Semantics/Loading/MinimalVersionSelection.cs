namespace LeakFinder.Semantics.Loading;

/// <summary>
/// The build list as the go command computes it (minimal version selection): starting from the main modules'
/// requires, every module's go.mod adds its own requires, and each module path gets the highest version any of
/// them asks for. A dependency's go.mod is read where the go command reads it: the replacement's (a local
/// directory or another module version), else the module cache's cache/download/PATH/@v/VERSION.mod, else
/// the extracted PATH@VERSION/go.mod. Graph pruning (main module at go 1.17 or later): a dependency that is at
/// go 1.17 or later contributes its own requires, but theirs are not read. A go.mod that is not on disk adds
/// nothing; the import that needs that module is reported unresolved later.
/// </summary>
internal static class MinimalVersionSelection
{
    private static readonly GoVersion PrunedFrom = new(1, 17);

    public static Dictionary<string, string> Select(IReadOnlyList<ModFile> mainModFiles, GoVersion? mainGo,
        Func<string, string, Replacement?> replacementOf, string? modCache)
    {
        var selected = new Dictionary<string, string>(StringComparer.Ordinal);
        var read = new HashSet<(string, string)>();
        var work = new Queue<(ModuleVersion Module, bool ReadItsGoMod)>();
        void Require(ModuleVersion m, bool readItsGoMod)
        {
            if (!selected.TryGetValue(m.Path, out var v) || SemVer.Compare(m.Version, v) > 0) selected[m.Path] = m.Version;
            work.Enqueue((m, readItsGoMod));
        }

        foreach (var mf in mainModFiles)
            foreach (var r in mf.Requires) Require(r, true);
        var pruning = mainGo >= PrunedFrom;
        while (work.TryDequeue(out var item))
        {
            if (!item.ReadItsGoMod || !read.Add((item.Module.Path, item.Module.Version))) continue;
            if (GoModOf(item.Module, replacementOf, modCache) is not { } mf) continue;
            // Under pruning, a go 1.17+ dependency lists everything its packages need: its requires count,
            // but their go.mod files are not consulted.
            var readNext = !pruning || !(mf.Go >= PrunedFrom);
            foreach (var r in mf.Requires) Require(r, readNext);
        }
        return selected;
    }

    private static ModFile? GoModOf(ModuleVersion m, Func<string, string, Replacement?> replacementOf, string? modCache)
    {
        var replacement = replacementOf(m.Path, m.Version);
        if (replacement is { LocalDir: { } local }) return Existing(Path.Combine(local, "go.mod"));
        var target = replacement?.New ?? m;
        if (modCache == null || target.Version.Length == 0) return null;
        var path = ModFile.EscapePath(target.Path);
        var version = ModFile.EscapePath(target.Version);
        return Existing(Path.Combine(modCache, "cache", "download", path, "@v", version + ".mod"))
            ?? Existing(Path.Combine(modCache, path + "@" + version, "go.mod"));
    }

    private static ModFile? Existing(string goMod) => File.Exists(goMod) ? ModFile.Read(goMod) : null;
}
