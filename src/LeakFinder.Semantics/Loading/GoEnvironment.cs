namespace LeakFinder.Semantics.Loading;

/// <summary>
/// The Go environment variables the loader honours (GOROOT, GOPATH, GOMODCACHE, GOFLAGS, GO111MODULE,
/// GOWORK, GOOS, GOARCH, CGO_ENABLED, HOME, PATH), read from a dictionary so that tests control them
/// in-process; <see cref="FromProcess"/> takes the real environment, completed by the go env file as the go
/// command completes it. Nothing here runs the go command.
/// </summary>
public sealed class GoEnvironment
{
    private static readonly string[] Names = ["GOROOT", "GOPATH", "GOMODCACHE", "GOFLAGS", "GO111MODULE", "GOWORK", "GOOS", "GOARCH", "CGO_ENABLED", "HOME", "PATH"];
    // Where the go env file is (read only, not honoured as Go settings themselves).
    private static readonly string[] EnvFileNames = ["GOENV", "XDG_CONFIG_HOME"];
    private readonly Dictionary<string, string> _vars;

    public GoEnvironment(IReadOnlyDictionary<string, string?> vars)
    {
        _vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in vars)
            if (!string.IsNullOrEmpty(v)) _vars[k] = v;
    }

    public static GoEnvironment FromProcess()
    {
        var vars = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Names.Concat(EnvFileNames)) vars[name] = Environment.GetEnvironmentVariable(name);
        return WithEnvFile(vars);
    }

    /// <summary>
    /// The variables completed as the go command completes them: what `go env -w` wrote to the go env file
    /// ($GOENV; else $XDG_CONFIG_HOME/go/env; else $HOME/.config/go/env; GOENV=off: none) applies to every
    /// variable the environment leaves unset or empty (GOFLAGS=-mod=mod or a GOMODCACHE set that way).
    /// </summary>
    public static GoEnvironment WithEnvFile(IReadOnlyDictionary<string, string?> vars)
    {
        var merged = new Dictionary<string, string?>(vars, StringComparer.Ordinal);
        if (EnvFilePath(vars) is { } file)
            foreach (var (key, value) in ReadEnvFile(file))
                if (Names.Contains(key) && string.IsNullOrEmpty(merged.GetValueOrDefault(key))) merged[key] = value;
        return new GoEnvironment(merged);
    }

    private static string? EnvFilePath(IReadOnlyDictionary<string, string?> vars)
    {
        var goenv = vars.GetValueOrDefault("GOENV");
        if (goenv == "off") return null;
        if (!string.IsNullOrEmpty(goenv)) return goenv;
        var config = vars.GetValueOrDefault("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : vars.GetValueOrDefault("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config") : null;
        return config == null ? null : Path.Combine(config, "go", "env");
    }

    // KEY=VALUE lines as cmd/go reads them: a line without '=' or not starting with an upper-case letter is skipped.
    private static IEnumerable<(string Key, string Value)> ReadEnvFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lines = []; // as the go command, an unreadable env file is no settings
        }
        foreach (var line in lines)
        {
            var eq = line.IndexOf('=');
            if (eq <= 0 || line[0] is < 'A' or > 'Z') continue;
            yield return (line[..eq], line[(eq + 1)..]);
        }
    }

    /// <summary>An environment with nothing set: no GOROOT, no GOPATH, no go on PATH.</summary>
    public static GoEnvironment Empty { get; } = new(new Dictionary<string, string?>());

    public string? Get(string name) => _vars.GetValueOrDefault(name);

    /// <summary>
    /// GOROOT, or the root of the `go` found on PATH (bin/go's grandparent, symlinks resolved, as the go
    /// command finds its own root); null when neither exists. Symlinked src directories are resolved.
    /// </summary>
    public string? GoRoot
    {
        get
        {
            if (Get("GOROOT") is { } root) return Directory.Exists(root) ? root : null;
            foreach (var dir in (Get("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var go = Path.Combine(dir, "go");
                if (!File.Exists(go)) continue;
                var real = new FileInfo(go).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? go;
                var candidate = Path.GetDirectoryName(Path.GetDirectoryName(real));
                return candidate != null && Directory.Exists(Path.Combine(candidate, "src")) ? candidate : null;
            }
            return null;
        }
    }

    /// <summary>GOPATH entries; default $HOME/go as the go command's.</summary>
    public IReadOnlyList<string> GoPath
    {
        get
        {
            if (Get("GOPATH") is { } gp) return gp.Split(':', StringSplitOptions.RemoveEmptyEntries);
            return Get("HOME") is { } home ? [Path.Combine(home, "go")] : [];
        }
    }

    /// <summary>GOMODCACHE, default the first GOPATH entry's pkg/mod.</summary>
    public string? ModCache => Get("GOMODCACHE") ?? (GoPath.Count > 0 ? Path.Combine(GoPath[0], "pkg", "mod") : null);

    /// <summary>The value of one GOFLAGS flag ("-mod=vendor" gives "vendor" for "mod"), or null.</summary>
    public string? GoFlag(string flag)
    {
        foreach (var word in (Get("GOFLAGS") ?? "").Split(' ', '\t'))
        {
            var w = word.TrimStart('-');
            if (w.StartsWith(flag + "=", StringComparison.Ordinal)) return w[(flag.Length + 1)..];
        }
        return null;
    }

    /// <summary>CGO_ENABLED as a bool, null when unset (the build context then applies go/build's default).</summary>
    public bool? CgoEnabled => Get("CGO_ENABLED") switch { "1" => true, "0" => false, _ => null };
}
