using LeakFinder.Runtime.Input;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Opens what the user named: a file, "-" for standard input, or an http(s) URL of a live
/// /debug/pprof/goroutine endpoint (asked for ?debug=2, the full form, when the URL names no debug level).
/// The stream is read as it arrives; nothing is buffered whole.
/// </summary>
public static class DumpInput
{
    public static Stream Open(string source, TimeSpan? timeout = null)
    {
        if (source == "-") return Console.OpenStandardInput();
        if (HttpInput.IsUrl(source)) return HttpInput.Open(WithDebugLevel(source), timeout);
        try
        {
            return new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"{source}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>The name warnings use for the source ("&lt;stdin&gt;" for "-").</summary>
    public static string DisplayName(string source) => source == "-" ? "<stdin>" : source;

    public static string WithDebugLevel(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return url; // HttpInput reports the bad URL
        var query = uri.Query.TrimStart('?');
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            if (part.StartsWith("debug=", StringComparison.Ordinal)) return url;
        var builder = new UriBuilder(uri) { Query = query.Length == 0 ? "debug=2" : query + "&debug=2" };
        return builder.Uri.ToString();
    }
}
