namespace LeakFinder.Semantics.Build;

/// <summary>
/// The build context files are selected for, as go/build's Context: target GOOS/GOARCH, whether cgo is
/// enabled, user tags (`--tags`), tool tags (GOEXPERIMENT) and release tags go1.1 .. go1.N for the assumed
/// Go release. The default is linux/amd64 with cgo enabled, which is what go/build picks on a linux/amd64
/// host with CGO_ENABLED unset (cgo is off by default for any other target, which is a cross build there).
/// </summary>
public sealed class BuildContext
{
    public string GOOS { get; }
    public string GOARCH { get; }
    public bool CgoEnabled { get; }
    public GoVersion Release { get; }
    public IReadOnlyList<string> BuildTags { get; }
    public IReadOnlyList<string> ToolTags { get; }
    private readonly HashSet<string> _tags;

    public BuildContext(string goos = "linux", string goarch = "amd64", bool? cgoEnabled = null, GoVersion? release = null,
        IEnumerable<string>? buildTags = null, IEnumerable<string>? toolTags = null)
    {
        GOOS = goos;
        GOARCH = goarch;
        CgoEnabled = cgoEnabled ?? (goos == "linux" && goarch == "amd64");
        Release = release ?? GoVersion.Latest;
        BuildTags = buildTags?.ToArray() ?? [];
        ToolTags = toolTags?.ToArray() ?? Platforms.DefaultToolTags(goarch, Release);
        _tags = new HashSet<string>(BuildTags, StringComparer.Ordinal);
        _tags.UnionWith(ToolTags);
        for (var minor = 1; minor <= Release.Minor; minor++) _tags.Add("go1." + minor);
    }

    public static BuildContext Default { get; } = new();

    public override string ToString() => $"{GOOS}/{GOARCH}{(CgoEnabled ? " cgo" : "")} {Release}" + (BuildTags.Count > 0 ? " tags=" + string.Join(',', BuildTags) : "");

    /// <summary>go/build's matchTag: whether a build tag holds in this context.</summary>
    public bool MatchTag(string name)
    {
        if (name == "cgo") return CgoEnabled;
        if (name == GOOS || name == GOARCH || name == "gc") return true;
        if ((GOOS == "android" && name == "linux") || (GOOS == "illumos" && name == "solaris") || (GOOS == "ios" && name == "darwin")) return true;
        if (name == "unix") return Platforms.UnixOS.Contains(GOOS);
        if (name == "boringcrypto") name = "goexperiment.boringcrypto"; // the old name of the experiment
        return _tags.Contains(name);
    }

    /// <summary>
    /// go/build's goodOSArchFile: false when the file name (before its first '.') ends in a known
    /// _GOOS, _GOARCH or _GOOS_GOARCH (optionally followed by _test) that this context does not match.
    /// Everything up to the first '_' is ignored, so "linux.go" is not constrained but "x_linux.go" is.
    /// </summary>
    public bool GoodOSArchFile(string fileName)
    {
        var dot = fileName.IndexOf('.');
        var name = dot >= 0 ? fileName[..dot] : fileName;
        var underscore = name.IndexOf('_');
        if (underscore < 0) return true;
        var parts = name[underscore..].Split('_');
        var n = parts.Length;
        if (n > 0 && parts[n - 1] == "test") n--;
        if (n >= 2 && Platforms.KnownOS.Contains(parts[n - 2]) && Platforms.KnownArch.Contains(parts[n - 1]))
            return MatchTag(parts[n - 1]) && MatchTag(parts[n - 2]);
        if (n >= 1 && (Platforms.KnownOS.Contains(parts[n - 1]) || Platforms.KnownArch.Contains(parts[n - 1])))
            return MatchTag(parts[n - 1]);
        return true;
    }

    /// <summary>
    /// Whether go/build would consider a .go file at all in this context, from its name and header:
    /// not hidden (_ or . prefix), a matching GOOS/GOARCH suffix, and build constraints that hold.
    /// A malformed header keeps the file out with an error "path:line: message".
    /// </summary>
    public FileSelection SelectFile(string path, ReadOnlySpan<byte> content)
    {
        var fileName = Path.GetFileName(path);
        if (fileName.StartsWith('_') || fileName.StartsWith('.')) return FileSelection.Hidden;
        if (!GoodOSArchFile(fileName)) return FileSelection.Excluded;
        var header = FileHeader.Read(content);
        if (header.Error != null) return new FileSelection(false, $"{path}:{header.ErrorLine}: {header.Error}");
        return header.Matches(MatchTag) ? FileSelection.Included : FileSelection.Excluded;
    }
}

/// <summary>Whether a file is built, and the header error that keeps it out (go/build's InvalidGoFiles).</summary>
public readonly record struct FileSelection(bool IsIncluded, string? Error, bool IsHidden = false)
{
    public static FileSelection Included => new(true, null);
    public static FileSelection Excluded => new(false, null);
    /// <summary>Names starting with _ or . : go/build skips them silently (not even as ignored files).</summary>
    public static FileSelection Hidden => new(false, null, true);
}
