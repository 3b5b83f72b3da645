using System.IO.Compression;
using System.Text;

namespace LeakFinder.Semantics.StdApi;

/// <summary>
/// Go's standard library API, from the API records embedded at build time (third_party/goapi), so that
/// LeakFinder knows std's types and signatures with no Go installed. <see cref="For"/> gives the view of
/// one Go version and build context, which builds packages on demand.
/// </summary>
public sealed class StdApiModel
{
    private const string ResourceName = "LeakFinder.StdApi.gz";
    private static readonly Lazy<StdApiModel> LazyDefault = new(Load);
    private readonly Dictionary<string, ApiRecord[]> _records;
    private readonly Dictionary<(GoVersion, string), StdApiView> _views = [];

    private StdApiModel(Dictionary<string, ApiRecord[]> records) => _records = records;

    public static StdApiModel Default => LazyDefault.Value;

    /// <summary>Starts loading <see cref="Default"/> on the thread pool (it takes ~50 ms of inflating and
    /// parsing), so that it is ready, or nearly, when first asked for after other work.</summary>
    /// <summary>A view of the default model that waits for it only when a std package is first asked of it (a
    /// check whose std imports all come from GOROOT/src may never ask).</summary>
    public static StdApiView DefaultFor(GoVersion version) => new(() => LazyDefault.Value, version, "linux-amd64");

    public static void LoadInBackground()
    {
        if (!LazyDefault.IsValueCreated) ThreadPool.QueueUserWorkItem(_ => _ = LazyDefault.Value);
    }

    public IEnumerable<string> PackagePaths => _records.Keys;

    /// <summary>The view of std at one Go version and GOOS-GOARCH context (e.g. "linux-amd64").</summary>
    public StdApiView For(GoVersion version, string context = "linux-amd64")
    {
        lock (_views)
        {
            if (!_views.TryGetValue((version, context), out var view))
                _views[(version, context)] = view = new StdApiView(() => this, version, context);
            return view;
        }
    }

    /// <summary>The first Go version whose std has path's element key ("Get", "Client.Do", "Header.AccessTime").</summary>
    public GoVersion? Since(string path, string key)
    {
        if (!_records.TryGetValue(path, out var records)) return null;
        int? min = null;
        foreach (var r in records)
            if (!r.IsDeprecation && (min == null || r.Minor < min) && r.Key == key) min = r.Minor;
        return min is { } m ? new GoVersion(1, m) : null;
    }

    /// <summary>The Go version whose records mark the element deprecated, or null.</summary>
    public GoVersion? DeprecatedSince(string path, string key)
    {
        if (!_records.TryGetValue(path, out var records)) return null;
        foreach (var r in records)
            if (r.IsDeprecation && r.Key == key) return new GoVersion(1, r.Minor);
        return null;
    }

    /// <summary>The first Go version that has the package at all.</summary>
    public GoVersion? PackageSince(string path) =>
        _records.TryGetValue(path, out var records) && records.Length > 0 ? new GoVersion(1, records.Min(r => r.Minor)) : null;

    internal IReadOnlyList<ApiRecord> RecordsOf(string path) => _records.TryGetValue(path, out var r) ? r : [];

    private static StdApiModel Load()
    {
        using var stream = typeof(StdApiModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing: the build did not pack the Go API records");
        using var gz = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var records = new Dictionary<string, ApiRecord[]>(StringComparer.Ordinal);
        string? pkg = null;
        var current = new List<ApiRecord>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('@'))
            {
                if (pkg != null) records[pkg] = Finish(current);
                pkg = line[1..];
                current.Clear();
                continue;
            }
            var t1 = line.IndexOf('\t');
            var t2 = line.IndexOf('\t', t1 + 1);
            current.Add(new ApiRecord(int.Parse(line.AsSpan(0, t1)), line[(t1 + 1)..t2], line[(t2 + 1)..]));
        }
        if (pkg != null) records[pkg] = Finish(current);
        return new StdApiModel(records);
    }

    // Oldest first, so that a record changed in a later version (see except.txt) overrides the earlier one.
    private static ApiRecord[] Finish(List<ApiRecord> list)
    {
        var array = list.ToArray();
        var order = Enumerable.Range(0, array.Length).ToArray();
        Array.Sort(order, (a, b) => array[a].Minor != array[b].Minor ? array[a].Minor.CompareTo(array[b].Minor) : a.CompareTo(b));
        return order.Select(i => array[i]).ToArray();
    }
}
