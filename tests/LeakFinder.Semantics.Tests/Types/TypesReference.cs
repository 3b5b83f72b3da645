using LeakFinder.Tests.Shared;

namespace LeakFinder.Semantics.Tests.Types;

/// <summary>One package as tools/typesdump (go/types) sees it: its import path and its dump lines (docs/types-dump.md).</summary>
public sealed record ReferencePackage(string ImportPath, string Dir, IReadOnlyList<string> Lines);

/// <summary>One testdata module input for the types comparison: where to run, what to dump, and how.</summary>
public sealed record ReferenceModule(string Name, string Dir, string Pattern, bool Tests, bool GoPathMode);

/// <summary>
/// The go/types side of the types comparison (acceptance 1 of issue 6): runs tools/typesdump over a fixed
/// list of std packages and over the module-shaped inputs of testdata/modules and returns the reference
/// lines, package by package. The assertions against LeakFinder's checker live with the checker's tests.
///
/// Both sides must use the same build context: linux/amd64, Go 1.19's std, and CGO_ENABLED=0 (typesdump
/// runs with cgo off, so that go/types never needs the cgo tool: load LeakFinder's side with
/// CGO_ENABLED=0 in its GoEnvironment too). Results are computed once per test run.
/// </summary>
public static class TypesReference
{
    /// <summary>The std packages compared (66): what leak rules care most about, plus a broad spread of std.</summary>
    public static readonly IReadOnlyList<string> StdPackages =
    [
        "net/http", "context", "database/sql", "os", "time", "sync", "encoding/json", "go/types", "io", "bufio",
        "bytes", "strings", "strconv", "fmt", "errors", "sort", "container/list", "container/heap", "container/ring",
        "sync/atomic", "os/exec", "os/signal", "path", "path/filepath", "io/fs", "io/ioutil", "log", "net", "net/url",
        "net/http/httptest", "net/http/httputil", "net/textproto", "net/mail", "net/rpc", "mime", "mime/multipart",
        "encoding/xml", "encoding/csv", "encoding/base64", "encoding/hex", "encoding/binary", "encoding/gob",
        "compress/gzip", "compress/flate", "archive/zip", "archive/tar", "crypto/tls", "crypto/sha256", "crypto/rand",
        "hash/crc32", "math", "math/big", "math/rand", "regexp", "regexp/syntax", "text/template", "html/template",
        "text/tabwriter", "unicode/utf8", "flag", "runtime/pprof", "testing", "go/ast", "go/parser", "go/token", "expvar",
    ];

    /// <summary>
    /// The testdata modules compared. Left out: broken (a file go/parser rejects: typesdump checks nothing there)
    /// and modcache (a hand-made module cache without the download metadata `go list` insists on).
    /// </summary>
    public static IReadOnlyList<ReferenceModule> Modules { get; } =
    [
        new("replace", Module("replace", "app"), "./...", false, false),
        new("vendoring", Module("vendoring"), "./...", false, false),
        new("workspace/a", Module("workspace", "a"), "./...", false, false),
        new("workspace/b", Module("workspace", "b"), "./...", false, false),
        new("buildtags", Module("buildtags"), "./...", false, false),
        new("xtest", Module("xtest"), "./...", true, false),
        new("missing", Module("missing"), "./...", false, false),
        new("generics", Module("generics"), "./...", false, false),
        new("nested", Module("nested"), "./...", false, false),
        new("cycle", Module("cycle"), "./...", false, false),
        new("gopath", Module("gopath", "src", "example.org", "hello"), ".", false, true),
    ];

    private static readonly Lazy<IReadOnlyList<ReferencePackage>> StdLazy = new(() =>
    {
        // $GOROOT/src as GOROOT names it (not symlink-resolved): go/build finds std's vendor/ only from there.
        var src = Path.Combine(GoToolchain.RequireGoRoot(), "src");
        return Run(src, string.Join(' ', StdPackages.Select(p => Quote(Path.Combine(src, p)))), Env(goPathMode: true, gopath: null));
    });

    private static readonly Lazy<IReadOnlyList<(ReferenceModule Module, ReferencePackage Package)>> ModulesLazy = new(() =>
    {
        var result = new List<(ReferenceModule, ReferencePackage)>();
        foreach (var m in Modules)
        {
            var args = (m.Tests ? "-test " : "") + m.Pattern;
            var gopath = m.GoPathMode ? Module("gopath") : null;
            foreach (var p in Run(m.Dir, args, Env(m.GoPathMode, gopath))) result.Add((m, p));
        }
        return result;
    });

    /// <summary>typesdump's lines for every package of <see cref="StdPackages"/>, in that order.</summary>
    public static IReadOnlyList<ReferencePackage> Std() => StdLazy.Value;

    /// <summary>typesdump's lines for every package of every module of <see cref="Modules"/> (external tests included).</summary>
    public static IReadOnlyList<(ReferenceModule Module, ReferencePackage Package)> TestdataModules() => ModulesLazy.Value;

    private static string Module(params string[] parts) => RepoPaths.Combine(["testdata", "modules", .. parts]);

    private static string Quote(string s) => "\"" + s + "\"";

    private static Dictionary<string, string> Env(bool goPathMode, string? gopath)
    {
        var env = new Dictionary<string, string>
        {
            ["CGO_ENABLED"] = "0", ["GOOS"] = "linux", ["GOARCH"] = "amd64", ["GOFLAGS"] = "", ["GOPROXY"] = "off",
            ["GO111MODULE"] = goPathMode ? "off" : "on", ["GOWORK"] = "",
        };
        if (gopath != null) env["GOPATH"] = gopath;
        // `go list` (run by go/build in module mode) needs a build cache; test runners do not always have a HOME.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HOME")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOCACHE")))
            env["GOCACHE"] = Path.Combine(GoTools.CacheDir, "gocache");
        return env;
    }

    private static List<ReferencePackage> Run(string workDir, string args, Dictionary<string, string> env)
    {
        var exe = GoTools.Build("typesdump");
        var output = GoToolchain.Run(exe, args, workDir, env);
        var packages = new List<ReferencePackage>();
        string? path = null, dir = null;
        var lines = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                if (path != null) packages.Add(new ReferencePackage(path, dir!, lines));
                var header = line[2..];
                var space = header.IndexOf(' ');
                (path, dir) = (header[..space], header[(space + 1)..]);
                lines = [];
            }
            else if (line.Length > 0) lines.Add(line);
        }
        if (path != null) packages.Add(new ReferencePackage(path, dir!, lines));
        return packages;
    }
}
