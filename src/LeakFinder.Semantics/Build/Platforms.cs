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
    /// The tags a toolchain of a release sets by default (go/build's ToolTags): the register ABI
    /// experiments on the architectures that have them (internal/buildcfg), and from Go 1.21 the
    /// architecture feature levels implied by the default GOAMD64=v1, GO386=sse2, GOARM=7 and GOPPC64=power8.
    /// </summary>
    public static IReadOnlyList<string> DefaultToolTags(string goarch, GoVersion release)
    {
        var tags = new List<string>();
        if (goarch is "amd64" or "arm64" or "ppc64" or "ppc64le" or "riscv64" || (goarch == "loong64" && release >= new GoVersion(1, 21)))
        {
            tags.Add("goexperiment.regabiwrappers");
            tags.Add("goexperiment.regabiargs");
        }
        if (release >= new GoVersion(1, 21))
        {
            switch (goarch)
            {
                case "amd64": tags.Add("amd64.v1"); break;
                case "386": tags.Add("386.sse2"); break;
                case "arm": tags.AddRange(["arm.5", "arm.6", "arm.7"]); break;
                case "ppc64" or "ppc64le": tags.Add(goarch + ".power8"); break;
            }
        }
        return tags;
    }
}
