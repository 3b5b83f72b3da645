namespace LeakFinder.Semantics.Loading;

/// <summary>What to load and how: patterns relative to <see cref="Dir"/>, the build context, the environment.</summary>
public sealed class LoadOptions
{
    /// <summary>The working directory patterns are relative to (the go command's current directory).</summary>
    public required string Dir { get; init; }

    /// <summary>`./...`, `./pkg/...`, `dir`, an import path (optionally ending in /...), `std`, or .go files.</summary>
    public IReadOnlyList<string> Patterns { get; init; } = ["."];

    /// <summary>Include _test.go files of the matched packages, and their external test packages (x_test).</summary>
    public bool Tests { get; init; }

    /// <summary>Load std packages from $GOROOT/src (when present) instead of leaving them to the std API model.</summary>
    public bool StdFromSource { get; init; }

    /// <summary>Load imported non-std packages found as source (module, replace, vendor, module cache, GOPATH).</summary>
    public bool Dependencies { get; init; } = true;

    public IReadOnlyList<string> BuildTags { get; init; } = [];
    public string? GOOS { get; init; }
    public string? GOARCH { get; init; }
    /// <summary>The assumed Go release (go1.N release tags); default the newest LeakFinder knows.</summary>
    public GoVersion? Release { get; init; }

    /// <summary>
    /// Read files of a main module that a symbolic link (of the file or of a directory above it) places outside
    /// the module's root. Off by default: a link in a checked-out tree must not make the scan read, and echo,
    /// files elsewhere on the machine; each file left out is a <see cref="LoadResult.Warnings"/> entry.
    /// </summary>
    public bool FollowSymlinks { get; init; }

    public GoEnvironment Env { get; init; } = GoEnvironment.FromProcess();

    /// <summary>
    /// File contents to use instead of what is on disk, keyed by full path (like `go build -overlay`): an editor's
    /// unsaved buffers. A .go path here that does not exist on disk is loaded as a file of its directory.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> Overlay { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>
    /// Keep no syntax trees after loading: each file is parsed in full once to find its errors (which decide how
    /// its package is assembled), then again when <see cref="LoadedFile.Parse"/> is first read. For a pass that
    /// handles packages one at a time and releases them (`check`): the trees of the whole program are several
    /// times its source's size and would otherwise all be alive at once.
    /// </summary>
    public bool SyntaxOnDemand { get; init; }
}
