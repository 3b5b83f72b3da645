namespace LeakFinder.Semantics.Build;

/// <summary>
/// Go's known GOOS and GOARCH values (go/build's syslist.go, union over Go 1.19 to 1.2x: file-name
/// suffixes only count for these) and the Unix systems the `unix` tag covers.
/// </summary>
public static class Platforms
{
    public static readonly IReadOnlySet<string> KnownOS = new HashSet<string>(StringComparer.Ordinal)
    {
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
        "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
    };

    public static readonly IReadOnlySet<string> UnixOS = new HashSet<string>(StringComparer.Ordinal)
    {
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux", "netbsd",
        "openbsd", "solaris",
    };

    public static readonly IReadOnlySet<string> KnownArch = new HashSet<string>(StringComparer.Ordinal)
    {
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64",
        "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x",
        "sparc", "sparc64", "wasm",
    };

    /// <summary>
    /// The GOEXPERIMENT tags a toolchain sets by default (go/build's ToolTags): the register ABI on the
    /// architectures that have it (internal/buildcfg).
    /// </summary>
    public static IReadOnlyList<string> DefaultToolTags(string goarch) => goarch switch
    {
        "amd64" or "arm64" or "ppc64" or "ppc64le" or "riscv64" => ["goexperiment.regabiwrappers", "goexperiment.regabiargs"],
        _ => [],
    };
}
