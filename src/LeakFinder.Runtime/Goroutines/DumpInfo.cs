namespace LeakFinder.Runtime.Goroutines;

/// <summary>What the parser learned about the dump as a whole, besides its goroutines.</summary>
public sealed class DumpInfo
{
    /// <summary>N of "goroutine profile: total N" (the ?debug=1 form), or -1.</summary>
    public long DeclaredTotal { get; internal set; } = -1;
    public string? Panic { get; internal set; }
    public string? FatalError { get; internal set; }
    public string? Signal { get; internal set; }
    public bool Aggregated { get; internal set; }
    /// <summary>Read from Go's protobuf goroutine profile (?debug=0, the default): aggregated stack counts, like ?debug=1.</summary>
    public bool Protobuf { get; internal set; }
    public bool Truncated { get; internal set; }
    public long Lines { get; internal set; }
    /// <summary>The log wrapping stripped from every line (see <see cref="LogLines.LogLineForm"/>), or null for a clean dump.</summary>
    public string? LogPrefix { get; internal set; }
    public long Bytes { get; internal set; }
}
