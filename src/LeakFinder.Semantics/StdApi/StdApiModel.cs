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
    // The records as embedded (UTF-8 lines, 6 MiB), and where each package's lines are: a package's records
    // are parsed when asked for and not kept. All of them as strings were ~20 MiB of every check's live heap.
    private readonly byte[] _text;
    private readonly Dictionary<string, (int Start, int End)> _lines;
    private readonly Dictionary<(GoVersion, string), StdApiView> _views = [];

    private StdApiModel(byte[] text, Dictionary<string, (int, int)> lines)
    {
        _text = text;
        _lines = lines;
    }

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

    public IEnumerable<string> PackagePaths => _lines.Keys;

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
        if (Records(path) is not { } records) return null;
        int? min = null;
        foreach (var r in records)
            if (!r.IsDeprecation && (min == null || r.Minor < min) && r.Key == key) min = r.Minor;
        return min is { } m ? new GoVersion(1, m) : null;
    }

    /// <summary>The Go version whose records mark the element deprecated, or null.</summary>
    public GoVersion? DeprecatedSince(string path, string key)
    {
        if (Records(path) is not { } records) return null;
        foreach (var r in records)
            if (r.IsDeprecation && r.Key == key) return new GoVersion(1, r.Minor);
        return null;
    }

    /// <summary>The first Go version that has the package at all.</summary>
    public GoVersion? PackageSince(string path) =>
        Records(path) is { Length: > 0 } records ? new GoVersion(1, records.Min(r => r.Minor)) : null;

    internal IReadOnlyList<ApiRecord> RecordsOf(string path) => Records(path) ?? [];

    /// <summary>The package's records visible at go1.maxMinor in this build context (records of every context,
    /// "", context and context-cgo), oldest first: the lines of other versions and contexts are skipped before
    /// they are made strings (syscall's records are mostly other systems': most of the strings a check made here).</summary>
    internal IReadOnlyList<ApiRecord> RecordsOf(string path, int maxMinor, string context) =>
        Records(path, new VisibleTo(maxMinor, Encoding.UTF8.GetBytes(context), Encoding.UTF8.GetBytes(context + "-cgo"))) ?? [];

    private sealed record VisibleTo(int MaxMinor, byte[] Context, byte[] CgoContext)
    {
        public bool Shows(ReadOnlySpan<byte> minor, ReadOnlySpan<byte> context) =>
            (context.IsEmpty || context.SequenceEqual(Context) || context.SequenceEqual(CgoContext))
            && int.Parse(minor) <= MaxMinor;
    }

    /// <summary>The package's records, parsed from the embedded text on each request (a view asks once per
    /// package and keeps the package it builds, not the records); null for a path std does not have.</summary>
    private ApiRecord[]? Records(string path, VisibleTo? visible = null)
    {
        if (!_lines.TryGetValue(path, out var range)) return null;
        var contexts = new Dictionary<string, string>(StringComparer.Ordinal);
        var list = new List<ApiRecord>();
        var text = _text.AsSpan(range.Start, range.End - range.Start);
        while (!text.IsEmpty)
        {
            var nl = text.IndexOf((byte)'\n');
            var raw = nl < 0 ? text : text[..nl];
            text = nl < 0 ? default : text[(nl + 1)..];
            if (raw.IsEmpty) continue;
            if (visible != null)
            {
                // Same fields as below, read from the bytes: the records are ASCII up to the element.
                var b1 = raw.IndexOf((byte)'\t');
                var b2 = raw[(b1 + 1)..].IndexOf((byte)'\t') + b1 + 1;
                if (!visible.Shows(raw[..b1], raw[(b1 + 1)..b2])) continue;
            }
            var line = Encoding.UTF8.GetString(raw).TrimEnd('\r');
            var t1 = line.IndexOf('\t');
            var t2 = line.IndexOf('\t', t1 + 1);
            // A few contexts ("", "linux-amd64", ...) for thousands of records: one string each.
            var context = line[(t1 + 1)..t2];
            context = contexts.TryGetValue(context, out var known) ? known : contexts[context] = context;
            list.Add(new ApiRecord(int.Parse(line.AsSpan(0, t1)), context, line[(t2 + 1)..]));
        }
        return Finish(list);
    }

    private static StdApiModel Load()
    {
        using var stream = typeof(StdApiModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing: the build did not pack the Go API records");
        using var gz = new GZipStream(stream, CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gz.CopyTo(bytes);
        var text = bytes.ToArray();
        // "@path" starts a package; its records are the lines up to the next "@" line.
        var lines = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        string? pkg = null;
        var start = 0;
        for (var at = 0; at < text.Length;)
        {
            var end = Array.IndexOf(text, (byte)'\n', at);
            if (end < 0) end = text.Length;
            if (text[at] == (byte)'@')
            {
                if (pkg != null) lines[pkg] = (start, at);
                pkg = Encoding.UTF8.GetString(text, at + 1, end - at - 1).TrimEnd('\r');
                start = Math.Min(end + 1, text.Length);
            }
            at = end + 1;
        }
        if (pkg != null) lines[pkg] = (start, text.Length);
        return new StdApiModel(text, lines);
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
