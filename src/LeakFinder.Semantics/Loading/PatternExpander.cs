namespace LeakFinder.Semantics.Loading;

/// <summary>A directory to load as a package, and how it was named.</summary>
internal sealed record PackageDir(string Dir, string ImportPath, ImportKind Kind, ModuleInfo? Module, bool IsRoot, bool Explicit, IReadOnlyList<string>? Files = null);

/// <summary>
/// Turns command-line patterns into package directories as the go command does: `./...` and `dir/...` walk
/// a tree (skipping testdata, vendor, names starting with . or _, and nested modules), `dir` names one
/// directory, an import path (optionally with /...) is looked up in the main modules or std, `std` is
/// every std package, and a list of .go files forms the package "command-line-arguments".
/// </summary>
internal sealed class PatternExpander(ModuleSetup setup, ImportResolver resolver, string workDir, bool cgoEnabled = true)
{
    public List<string> Errors { get; } = [];

    public List<PackageDir> Expand(IReadOnlyList<string> patterns)
    {
        var result = new List<PackageDir>();
        var goFiles = patterns.Where(p => p.EndsWith(".go", StringComparison.Ordinal)).ToList();
        if (goFiles.Count > 0)
        {
            var files = goFiles.Select(f => Path.GetFullPath(Path.Combine(workDir, f))).ToList();
            var dirs = files.Select(Path.GetDirectoryName).Distinct().ToList();
            if (dirs.Count > 1) Errors.Add("named files must all be in one directory; have " + string.Join(" and ", dirs));
            else
            {
                var missing = files.Where(f => !File.Exists(f)).ToList();
                foreach (var m in missing) Errors.Add($"{m}: no such file");
                // Only the files that exist make the package: when none does, the "no such file" errors say it all.
                if (missing.Count < files.Count)
                {
                    var identity = Identify(dirs[0]!);
                    result.Add(new PackageDir(dirs[0]!, "command-line-arguments", identity?.Kind ?? ImportKind.GoPath, identity?.Module, true, true, files.Except(missing).ToList()));
                }
            }
        }
        foreach (var pattern in patterns)
        {
            if (pattern.EndsWith(".go", StringComparison.Ordinal)) continue;
            var before = result.Count;
            ExpandOne(pattern, result);
            if (result.Count == before && !Errors.Any(e => e.Contains(pattern, StringComparison.Ordinal)))
                Errors.Add($"pattern {pattern}: matched no packages");
        }
        return result;
    }

    private void ExpandOne(string pattern, List<PackageDir> into)
    {
        var walk = pattern == "..." || pattern.EndsWith("/...", StringComparison.Ordinal);
        var stem = pattern == "..." ? "." : walk ? pattern[..^4] : pattern;
        if (pattern == "std")
        {
            if (setup.GoRootSrc is not { } src) Errors.Add("pattern std: GOROOT is not set and no go command was found");
            else Walk(src, into, root: src, isStd: true);
            return;
        }
        string dir;
        if (IsLocalPattern(stem))
        {
            dir = Path.GetFullPath(Path.Combine(workDir, stem));
        }
        else if (setup.GoRootSrc is { } src && !stem.Split('/')[0].Contains('.') && Directory.Exists(Path.Combine(src, stem)))
        {
            dir = Path.Combine(src, stem); // std, or cmd/... (whose top directory holds no .go files)
        }
        else if (setup.MainModules.Where(m => ImportResolver.HasPathPrefix(stem, m.Path)).MaxBy(m => m.Path.Length) is { } main)
        {
            dir = stem.Length == main.Path.Length ? main.Dir : Path.Combine(main.Dir, stem[(main.Path.Length + 1)..]);
        }
        else if (setup.Mode == LoadMode.GoPath && setup.GoPathSrcRoots.Select(r => Path.Combine(r, stem)).FirstOrDefault(Directory.Exists) is { } gp)
        {
            dir = gp;
        }
        else
        {
            Errors.Add($"pattern {pattern}: cannot find module or std package providing {stem}");
            return;
        }
        if (!Directory.Exists(dir))
        {
            Errors.Add($"pattern {pattern}: directory {dir} does not exist");
            return;
        }
        if (walk) Walk(dir, into, root: dir, isStd: false);
        else if (Identify(dir) is { } id) into.Add(id with { Explicit = true });
    }

    private static bool IsLocalPattern(string p) =>
        p == "." || p == ".." || p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(p);

    // `std` lists GOROOT/src/vendor's packages and leaves out cmd; every other `...` pattern skips vendor/.
    private void Walk(string dir, List<PackageDir> into, string root, bool isStd)
    {
        if (dir != root)
        {
            var name = Path.GetFileName(dir);
            if (name == "testdata" || (name == "vendor" && !isStd) || name.StartsWith('.') || name.StartsWith('_')) return;
            if (isStd && Path.GetDirectoryName(dir) == root && name == "cmd") return;
            // As the go command's walk: GOROOT/src/builtin only documents the predeclared identifiers (a
            // pseudo-package no pattern matches), and runtime/cgo is left out when cgo is off.
            if (setup.GoRootSrc is { } goRootSrc && ImportResolver.IsUnder(dir, goRootSrc)
                && Rel(goRootSrc, dir) is var path && (path == "builtin" || (!cgoEnabled && path == "runtime/cgo"))) return;
            // A nested module is not part of this one, unless it is another main module of the workspace. In
            // GOPATH mode go.mod files mean nothing: `./...` walks into them as go list does (minio-go/v7).
            if (setup.Mode != LoadMode.GoPath && File.Exists(Path.Combine(dir, "go.mod")) && !setup.MainModules.Any(m => m.Dir == dir)) return;
        }
        if (resolver.HasGoFiles(dir) && Identify(dir) is { } id) into.Add(id);
        string[] subdirs;
        try
        {
            subdirs = Directory.GetDirectories(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Errors.Add($"{dir}: {e.Message}");
            return;
        }
        Array.Sort(subdirs, StringComparer.Ordinal);
        foreach (var sub in subdirs)
        {
            if (new DirectoryInfo(sub).LinkTarget != null) continue; // go's walk does not follow symlinked directories
            Walk(sub, into, root, isStd);
        }
    }

    /// <summary>The import path and kind of a directory named on the command line; null (with an error) when it has none.</summary>
    public PackageDir? Identify(string dir)
    {
        if (setup.GoRootSrc is { } src && ImportResolver.IsUnder(dir, src))
            return new PackageDir(dir, dir == src ? "std" : Rel(src, dir), ImportKind.Std, null, true, false);
        if (setup.Mode == LoadMode.GoPath)
        {
            foreach (var root in setup.GoPathSrcRoots)
                if (ImportResolver.IsUnder(dir, root) && dir != root) return new PackageDir(dir, Rel(root, dir), ImportKind.GoPath, null, true, false);
            return new PackageDir(dir, "_" + dir, ImportKind.GoPath, null, true, false); // go's local import path
        }
        var main = setup.MainModuleOf(dir);
        if (main == null)
        {
            Errors.Add($"directory {dir} is outside the main module{(setup.Mode == LoadMode.Workspace ? "s of the workspace" : "")}");
            return null;
        }
        if (ModuleSetup.NestedModuleRoot(dir, main.Dir) is { } nested)
        {
            Errors.Add($"directory {dir} is in module {nested}, not in a main module");
            return null;
        }
        var rel = Rel(main.Dir, dir);
        return new PackageDir(dir, rel == "." ? main.Path : main.Path + "/" + rel, ImportKind.Module, main, true, false);
    }

    private static string Rel(string root, string dir) => Path.GetRelativePath(root, dir).Replace('\\', '/');
}
