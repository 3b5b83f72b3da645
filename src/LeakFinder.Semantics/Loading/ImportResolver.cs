using LeakFinder.Semantics.StdApi;

namespace LeakFinder.Semantics.Loading;

/// <summary>Where an import path leads: kind, canonical path, directory (when source) and module.</summary>
public readonly record struct Resolution(ImportKind Kind, string ResolvedPath, string? Dir, ModuleInfo? Module, string Reason = "");

/// <summary>
/// Resolves import paths as the go command does, without running it: std first (GOROOT/src or the std API
/// model), then the main or workspace modules, vendor/ in vendor mode, the build list's modules through
/// replace directives (local directories) or the module cache; in GOPATH mode, vendor directories up the
/// tree and then $GOPATH/src. What cannot be found is Unknown, with the reason.
/// </summary>
public sealed class ImportResolver
{
    private readonly ModuleSetup _setup;
    // Built on first use: the std model it comes from loads in the background while the first files parse.
    private HashSet<string>? _stdPaths;
    private readonly Dictionary<string, bool> _dirHasGo = new(StringComparer.Ordinal);
    private readonly HashSet<string> _readDependencyModFiles = new(StringComparer.Ordinal);

    public ImportResolver(ModuleSetup setup)
    {
        _setup = setup;
        // Start loading the std model while files parse: without GOROOT/src every std question goes to it, and
        // with it, the imports that close a cycle (a package's tests importing testing, which imports it) do.
        StdApiModel.LoadInBackground();
    }

    /// <summary>True when path names a std package: no dot in its first element, and GOROOT/src or the std model has it.</summary>
    public bool IsStd(string path)
    {
        var slash = path.IndexOf('/');
        var first = slash < 0 ? path : path[..slash];
        if (first.Contains('.') || path.Length == 0) return false;
        // GOROOT/src first: it answers for the packages of the installed Go without loading the model, which
        // still knows the std packages of newer Go versions.
        if (_setup.GoRootSrc is { } src && HasGoFiles(Path.Combine(src, path))) return true;
        _stdPaths ??= new HashSet<string>(StdApiModel.Default.PackagePaths, StringComparer.Ordinal) { "unsafe" };
        return _stdPaths.Contains(path);
    }

    /// <summary>Resolves an import made by a package in importerDir (whose own import path is importerPath).</summary>
    public Resolution Resolve(string path, string importerPath, string importerDir, bool importerIsStd)
    {
        if (path == "C") return new Resolution(ImportKind.Cgo, "C", null, null);
        if (importerIsStd && _setup.GoRootSrc is { } goRootSrc && !IsStd(path))
        {
            // std vendors its few golang.org/x dependencies under GOROOT/src/vendor (cmd under cmd/vendor).
            var prefix = importerPath.StartsWith("cmd/", StringComparison.Ordinal) || importerPath == "cmd" ? "cmd/vendor/" : "vendor/";
            var dir = Path.Combine(goRootSrc, prefix + path);
            if (HasGoFiles(dir)) return new Resolution(ImportKind.Std, prefix + path, dir, null);
        }
        if (IsStd(path))
        {
            var dir = _setup.GoRootSrc is { } r ? Path.Combine(r, path) : null;
            return new Resolution(ImportKind.Std, path, dir != null && HasGoFiles(dir) ? dir : null, null);
        }
        return _setup.Mode == LoadMode.GoPath ? ResolveGoPath(path, importerDir) : ResolveModule(path);
    }

    private Resolution ResolveModule(string path)
    {
        foreach (var main in _setup.MainModules.OrderByDescending(m => m.Path.Length))
        {
            if (!HasPathPrefix(path, main.Path)) continue;
            var dir = Path.Combine(main.Dir, Rest(path, main.Path));
            // A directory below a nested go.mod belongs to that module (reached through require/replace).
            if (HasGoFiles(dir) && ModuleSetup.NestedModuleRoot(dir, main.Dir) == null) return new Resolution(ImportKind.Module, path, dir, main);
        }
        if (_setup is { Vendor: { } vendor, VendorDir: { } vendorDir })
        {
            var dir = Path.Combine(vendorDir, path);
            if (HasGoFiles(dir))
            {
                var m = vendor.ModuleOf(path);
                var info = m == null ? null : new ModuleInfo(m.Version.Path, m.Version.Version, Path.Combine(vendorDir, m.Version.Path), m.Go, false);
                return new Resolution(ImportKind.Vendor, path, dir, info);
            }
            return new Resolution(ImportKind.Unknown, path, null, null, $"package {path} is not in vendor/ (vendor mode)");
        }

        string? reason = null;
        foreach (var (modPath, version) in _setup.Candidates(path))
        {
            var replacement = _setup.ReplacementOf(modPath, version);
            string modDir;
            ModuleInfo info;
            ImportKind kind;
            var missing = $"module {new ModuleVersion(modPath, version)} is not in the module cache";
            if (replacement is { LocalDir: { } local })
            {
                modDir = local;
                kind = ImportKind.LocalReplace;
                info = new ModuleInfo(modPath, "", local, null, false);
            }
            else
            {
                var target = replacement?.New ?? new ModuleVersion(modPath, version);
                if (replacement != null) missing = $"module {target} (replacing {new ModuleVersion(modPath, version)}) is not in the module cache";
                if (_setup.ModCache == null || target.Version.Length == 0)
                {
                    reason ??= $"module {target} is not available (no module cache)";
                    continue;
                }
                modDir = Path.Combine(_setup.ModCache, ModFile.EscapePath(target.Path) + "@" + ModFile.EscapePath(target.Version));
                kind = ImportKind.ModCache;
                info = new ModuleInfo(modPath, target.Version, modDir, null, false);
            }
            var dir = Path.Combine(modDir, Rest(path, modPath));
            if (HasGoFiles(dir))
            {
                info = info with { Go = ReadDependencyModFile(modDir) };
                return new Resolution(kind, path, dir, info);
            }
            reason ??= Directory.Exists(modDir) ? $"module {modPath} provides no package {path}"
                : kind == ImportKind.LocalReplace ? $"module {modPath} is replaced by {modDir}, which does not exist"
                : missing;
        }
        return new Resolution(ImportKind.Unknown, path, null, null, reason ?? $"no required module provides package {path}");
    }

    private Resolution ResolveGoPath(string path, string importerDir)
    {
        // vendor directories from the importer up to its GOPATH src root (Go 1.6+ vendoring).
        foreach (var root in _setup.GoPathSrcRoots)
        {
            if (!IsUnder(importerDir, root)) continue;
            for (var dir = importerDir; dir != null && dir.Length >= root.Length; dir = Path.GetDirectoryName(dir))
            {
                var candidate = Path.Combine(dir, "vendor", path);
                if (HasGoFiles(candidate))
                {
                    var rel = Path.GetRelativePath(root, candidate).Replace('\\', '/');
                    return new Resolution(ImportKind.Vendor, rel, candidate, null);
                }
            }
        }
        foreach (var root in _setup.GoPathSrcRoots)
        {
            var dir = Path.Combine(root, path);
            if (HasGoFiles(dir)) return new Resolution(ImportKind.GoPath, path, dir, null);
        }
        return new Resolution(ImportKind.Unknown, path, null, null, $"cannot find package {path} in GOPATH");
    }

    // A dependency module's go.mod adds the modules it requires to the build list (when the main
    // module's go.mod does not list them already), and gives its go version.
    private GoVersion? ReadDependencyModFile(string modDir)
    {
        var goMod = Path.Combine(modDir, "go.mod");
        if (!File.Exists(goMod)) return null;
        var mf = ModFile.Read(goMod);
        if (_readDependencyModFiles.Add(goMod)) _setup.AddIndirectRequires(mf.Requires);
        return mf.Go;
    }

    public bool HasGoFiles(string dir)
    {
        if (_dirHasGo.TryGetValue(dir, out var has)) return has;
        try
        {
            has = Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*.go").Any(f => f.EndsWith(".go", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            has = false;
        }
        _dirHasGo[dir] = has;
        return has;
    }

    public static bool HasPathPrefix(string path, string prefix) =>
        path == prefix || (path.Length > prefix.Length && path[prefix.Length] == '/' && path.StartsWith(prefix, StringComparison.Ordinal));

    private static string Rest(string path, string prefix) => path.Length == prefix.Length ? "" : path[(prefix.Length + 1)..];

    public static bool IsUnder(string path, string root) =>
        path == root || (path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length && (path[root.Length] == '/' || root.EndsWith('/')));
}
