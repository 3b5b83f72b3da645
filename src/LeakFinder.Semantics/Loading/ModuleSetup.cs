namespace LeakFinder.Semantics.Loading;

public enum LoadMode
{
    /// <summary>One main module (go.mod found above the working directory).</summary>
    Module,
    /// <summary>go.work: several main modules.</summary>
    Workspace,
    /// <summary>No go.mod (or GO111MODULE=off): import paths are looked up in $GOPATH/src.</summary>
    GoPath,
}

/// <summary>
/// The module world a load runs in, found the way the go command finds it: GOWORK or a go.work above the
/// working directory (workspace mode), else a go.mod above it (module mode, vendor mode when vendor/modules.txt
/// exists and the go version is 1.14+ or GOFLAGS has -mod=vendor), else GOPATH mode. Holds the main
/// modules, the build list (requires), replace directives and the GOROOT, GOPATH and module cache paths.
/// </summary>
public sealed class ModuleSetup
{
    private readonly Dictionary<string, string> _buildList = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), Replacement> _replaces = [];

    public LoadMode Mode { get; private init; }
    public IReadOnlyList<ModuleInfo> MainModules { get; private init; } = [];
    public IReadOnlyList<ModFile> ModFiles { get; private init; } = [];
    public ModFile? WorkFile { get; private init; }
    public VendorManifest? Vendor { get; private init; }
    /// <summary>The vendor directory in vendor mode: beside go.mod, or beside go.work (`go work vendor`, Go 1.22+).</summary>
    public string? VendorDir { get; private init; }
    /// <summary>The language version: the go line of go.work, or of the (first) main module.</summary>
    public GoVersion? GoVersion { get; private init; }
    public string? GoRoot { get; private init; }
    /// <summary>$GOROOT/src with symlinks resolved (Debian links it), or null.</summary>
    public string? GoRootSrc { get; private init; }
    public IReadOnlyList<string> GoPathSrcRoots { get; private init; } = [];
    public string? ModCache { get; private init; }
    /// <summary>go.mod / go.work problems ("file:line: message").</summary>
    public List<string> Errors { get; } = [];

    /// <summary>What the user runs to make missing imports resolvable in this mode (the go command's own remedy).</summary>
    public string MissingImportsRemedy => Mode switch
    {
        LoadMode.GoPath => "run `go get` for them or place them under $GOPATH/src",
        LoadMode.Workspace => "run `go mod download` in the workspace",
        _ when Vendor != null => "run `go mod vendor`",
        _ => "run `go mod download` or `go mod vendor`",
    };

    public static ModuleSetup Discover(string dir, GoEnvironment env)
    {
        var goRoot = env.GoRoot;
        var goRootSrc = goRoot != null && Directory.Exists(Path.Combine(goRoot, "src")) ? RealPath(Path.Combine(goRoot, "src")) : null;
        var goPathRoots = env.GoPath.Select(p => Path.Combine(Path.GetFullPath(p), "src")).ToArray();
        var modCache = env.ModCache is { } mc ? Path.GetFullPath(mc) : null;

        var goMod = FindUp(dir, "go.mod");
        var workPath = FindWork(dir, env);
        if (env.Get("GO111MODULE") == "off" || (goMod == null && workPath == null))
            return new ModuleSetup { Mode = LoadMode.GoPath, GoRoot = goRoot, GoRootSrc = goRootSrc, GoPathSrcRoots = goPathRoots, ModCache = modCache };

        if (workPath != null)
        {
            var work = ModFile.Read(workPath);
            var files = new List<ModFile>();
            var mains = new List<ModuleInfo>();
            var setup0Errors = new List<string>(work.Errors);
            foreach (var use in work.Uses)
            {
                var path = Path.Combine(use, "go.mod");
                if (!File.Exists(path))
                {
                    setup0Errors.Add($"{workPath}: use {use}: no go.mod there");
                    continue;
                }
                var mf = ModFile.Read(path);
                files.Add(mf);
                mains.Add(new ModuleInfo(mf.Module ?? "", "", use, mf.Go, true));
            }
            var workVendor = VendorModeDir(Path.GetDirectoryName(workPath)!, work.Go, new GoVersion(1, 22), env);
            var setup = new ModuleSetup
            {
                Mode = LoadMode.Workspace, MainModules = mains, ModFiles = files, WorkFile = work, GoVersion = work.Go,
                Vendor = workVendor == null ? null : VendorManifest.Read(Path.Combine(workVendor, "modules.txt")), VendorDir = workVendor,
                GoRoot = goRoot, GoRootSrc = goRootSrc, GoPathSrcRoots = goPathRoots, ModCache = modCache,
            };
            setup.Errors.AddRange(setup0Errors);
            foreach (var r in work.Replaces) setup._replaces.TryAdd((r.Old.Path, r.Old.Version), r); // go.work's win
            foreach (var mf in files) setup.AddModFile(mf);
            setup.SelectVersions();
            return setup;
        }

        var main = ModFile.Read(goMod!);
        var root = Path.GetDirectoryName(goMod)!;
        var modules = new List<ModuleInfo> { new(main.Module ?? "", "", root, main.Go, true) };
        var vendorDir = VendorModeDir(root, main.Go, new GoVersion(1, 14), env);
        var s = new ModuleSetup
        {
            Mode = LoadMode.Module, MainModules = modules, ModFiles = [main], GoVersion = main.Go,
            Vendor = vendorDir == null ? null : VendorManifest.Read(Path.Combine(vendorDir, "modules.txt")), VendorDir = vendorDir,
            GoRoot = goRoot, GoRootSrc = goRootSrc, GoPathSrcRoots = goPathRoots, ModCache = modCache,
        };
        if (main.Module == null) s.Errors.Add($"{goMod}: no module directive");
        s.AddModFile(main);
        s.SelectVersions();
        return s;
    }

    /// <summary>
    /// root/vendor when the go command would build in vendor mode: -mod=vendor in GOFLAGS, or no -mod flag and a
    /// go line at least <paramref name="defaultFrom"/> (1.14 for go.mod, 1.22 for go.work). Vendor mode needs
    /// vendor/modules.txt (without it the go command refuses to build); -mod=mod or -mod=readonly turn it off.
    /// </summary>
    private static string? VendorModeDir(string root, GoVersion? go, GoVersion defaultFrom, GoEnvironment env)
    {
        var dir = Path.Combine(root, "vendor");
        if (!File.Exists(Path.Combine(dir, "modules.txt"))) return null;
        var modFlag = env.GoFlag("mod");
        return modFlag == "vendor" || (modFlag == null && go >= defaultFrom) ? dir : null;
    }

    private void AddModFile(ModFile mf)
    {
        Errors.AddRange(mf.Errors);
        foreach (var r in mf.Requires)
            if (!_buildList.TryGetValue(r.Path, out var v) || SemVer.Compare(r.Version, v) > 0) _buildList[r.Path] = r.Version;
        foreach (var r in mf.Replaces) _replaces.TryAdd((r.Old.Path, r.Old.Version), r);
    }

    // Raises the main modules' requires to what their dependencies' go.mod files ask for, as MVS does. In vendor
    // mode the go command builds from vendor/modules.txt alone, and so do we.
    private void SelectVersions()
    {
        if (Vendor != null) return;
        foreach (var (path, version) in MinimalVersionSelection.Select(ModFiles, GoVersion, ReplacementOf, ModCache))
            if (!_buildList.TryGetValue(path, out var v) || SemVer.Compare(version, v) > 0) _buildList[path] = version;
    }

    /// <summary>Requires of a dependency's go.mod found only while loading (no go.mod in the module cache's
    /// download directory): added to the build list when it lacks the module.</summary>
    internal void AddIndirectRequires(IEnumerable<ModuleVersion> requires)
    {
        foreach (var r in requires) _buildList.TryAdd(r.Path, r.Version);
    }

    public Replacement? ReplacementOf(string path, string version) =>
        _replaces.GetValueOrDefault((path, version)) ?? _replaces.GetValueOrDefault((path, ""));

    /// <summary>The modules (path, version) whose path is a prefix of the import path, longest first.</summary>
    internal List<(string Path, string Version)> Candidates(string importPath)
    {
        var result = new List<(string Path, string Version)>();
        for (var prefix = importPath; prefix.Length > 0; prefix = ParentPath(prefix))
        {
            if (_buildList.TryGetValue(prefix, out var v)) result.Add((prefix, v));
            else if (_replaces.ContainsKey((prefix, ""))) result.Add((prefix, "")); // replaced but not required
        }
        return result;
    }

    /// <summary>The main module containing dir (deepest root), or null.</summary>
    public ModuleInfo? MainModuleOf(string dir)
    {
        ModuleInfo? best = null;
        foreach (var m in MainModules)
            if (ImportResolver.IsUnder(dir, m.Dir) && (best == null || m.Dir.Length > best.Dir.Length)) best = m;
        return best;
    }

    /// <summary>The directory of a go.mod between dir (inclusive) and the module root (exclusive): dir belongs to that nested module.</summary>
    public static string? NestedModuleRoot(string dir, string moduleRoot)
    {
        for (var d = dir; d != null && d.Length > moduleRoot.Length; d = Path.GetDirectoryName(d))
            if (File.Exists(Path.Combine(d, "go.mod"))) return d;
        return null;
    }

    private static string ParentPath(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    private static string? FindWork(string dir, GoEnvironment env)
    {
        var gowork = env.Get("GOWORK");
        if (gowork == "off") return null;
        if (gowork != null) return File.Exists(gowork) ? Path.GetFullPath(gowork) : null;
        return FindUp(dir, "go.work");
    }

    private static string? FindUp(string dir, string name)
    {
        for (var d = Path.GetFullPath(dir); d != null; d = Path.GetDirectoryName(d))
        {
            var candidate = Path.Combine(d, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var info = new DirectoryInfo(full);
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }
}

/// <summary>Semantic version precedence (vMAJOR.MINOR.PATCH[-pre]), enough to take the higher of two requires.</summary>
internal static class SemVer
{
    public static int Compare(string a, string b)
    {
        var (ma, pa) = Split(a);
        var (mb, pb) = Split(b);
        for (var i = 0; i < 3; i++)
        {
            var c = ma[i].CompareTo(mb[i]);
            if (c != 0) return c;
        }
        if (pa.Length == 0 && pb.Length == 0) return 0;
        if (pa.Length == 0 || pb.Length == 0) return pa.Length == 0 ? 1 : -1; // a release outranks its pre-releases
        return string.CompareOrdinal(pa, pb);
    }

    private static (long[] Numbers, string Pre) Split(string v)
    {
        var s = v.TrimStart('v');
        var dash = s.IndexOfAny(['-', '+']);
        var pre = dash >= 0 && s[dash] == '-' ? s[dash..] : "";
        var core = dash >= 0 ? s[..dash] : s;
        var parts = core.Split('.');
        var numbers = new long[3];
        for (var i = 0; i < 3 && i < parts.Length; i++) long.TryParse(parts[i], out numbers[i]);
        return (numbers, pre);
    }
}
