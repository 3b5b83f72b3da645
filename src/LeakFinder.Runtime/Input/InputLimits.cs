namespace LeakFinder.Runtime.Input;

/// <summary>
/// How much of an input a command takes before it refuses it, so hostile input (an endless body, a gzip bomb,
/// garbage with a new stack on every line) costs bounded memory and time. Each limit has a flag that raises
/// it; hitting one is an <see cref="InputLimitException"/> naming the flag.
/// </summary>
public sealed record InputLimits
{
    /// <summary>Default for streamed inputs (dumps, gctrace logs): memory does not follow their size, only time does.</summary>
    public const long DefaultStreamedBytes = 4L << 30;

    /// <summary>Default for inputs held whole (pprof profiles, /proc files): memory follows their size.</summary>
    public const long DefaultWholeBytes = 256L << 20;

    /// <summary>Default cap on distinct stacks kept (dump buckets, profile samples).</summary>
    public const int DefaultStacks = 1_000_000;

    /// <summary>Most bytes read from one streamed input, counted after gzip decompression (--max-input-mb).</summary>
    public long MaxBytes { get; init; } = DefaultStreamedBytes;

    /// <summary>Most bytes of one input held whole in memory (a profile, a /proc file), after decompression (--max-input-mb).</summary>
    public long MaxWholeBytes { get; init; } = DefaultWholeBytes;

    /// <summary>Both byte limits set to one value, as --max-input-mb gives them.</summary>
    public static InputLimits WithMaxBytes(long bytes, int maxStacks = DefaultStacks) =>
        new() { MaxBytes = bytes, MaxWholeBytes = bytes, MaxStacks = maxStacks };

    /// <summary>Most distinct stacks kept: dump buckets or profile samples (--max-stacks).</summary>
    public int MaxStacks { get; init; } = DefaultStacks;

    public static InputLimits Streamed { get; } = new();

    public static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MiB";
}

/// <summary>An input that went past one of the <see cref="InputLimits"/>: exit 2, with the flag that raises the limit.</summary>
public sealed class InputLimitException(string message) : InputException(message);
