using LeakFinder.Runtime.Output;
using Microsoft.Win32.SafeHandles;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Reads a large dump file on every core: the file is cut at goroutine boundaries (a blank line followed by
/// "goroutine N"), each part is parsed and bucketed on its own, and the buckets are merged by content.
/// Only for seekable files of traceback form: the aggregated form is small, and pipes cannot be cut. A dump
/// wrapped in log prefixes has no clean boundary, so it is read sequentially.
/// </summary>
public static class SegmentedDumpReader
{
    /// <summary>Files smaller than this are read on one thread: the merge would cost more than it saves.</summary>
    public const long MinParallelBytes = 32L << 20;

    private const int BoundarySearchWindow = 4 << 20;

    public sealed record Result(DumpInfo Info, List<StackBucket> Buckets, long TotalGoroutines, WarningList Warnings);

    /// <summary>Parses <paramref name="path"/> in parts, or returns null when it cannot be cut (then read it sequentially).</summary>
    public static Result? TryRead(string path, int parts, long minBytes = MinParallelBytes, Input.InputLimits? limits = null)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(file);
        if (parts < 2 || length < minBytes) return null;
        limits ??= Input.InputLimits.Streamed;
        if (length > limits.MaxBytes)
            throw new Input.InputLimitException($"{path}: more than {Input.InputLimits.Megabytes(limits.MaxBytes)}; --max-input-mb raises the limit");
        var cuts = FindCuts(file, length, parts);
        if (cuts == null) return null;

        // Positional reads of one shared handle: each part is read through its own 1 MiB buffer, so memory
        // stays flat whatever the file's size (a memory mapping would count the whole file as resident).
        var results = new (DumpInfo Info, List<StackBucket> Buckets, long Total, WarningList Warnings)[cuts.Count - 1];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = parts }, i =>
        {
            var table = new FrameTable();
            var bucketer = new StackBucketer(path, limits.MaxStacks);
            var warnings = new WarningList(path);
            var info = new GoroutineDumpParser(table, bucketer, warnings).Parse(new FileRangeStream(file, cuts[i], cuts[i + 1]));
            results[i] = (info, bucketer.Buckets(table), bucketer.TotalGoroutines, warnings);
        });
        // A part that learned a log prefix means the file mixes a clean dump with a wrapped one; only a
        // sequential read decides from the file's first header, as the parser promises.
        if (results.Any(r => r.Info.LogPrefix != null)) return null;
        return Merge(path, results);
    }

    // Cut points: 0, then for each nominal offset the first "\n\ngoroutine <digit>" after it (cut after the
    // blank line), then the file length. Null when no boundary is found at all.
    private static List<long>? FindCuts(SafeFileHandle file, long length, int parts)
    {
        var cuts = new List<long> { 0 };
        var window = new byte[(int)Math.Min(BoundarySearchWindow, length)];
        for (var k = 1; k < parts; k++)
        {
            var nominal = Math.Max(length * k / parts, cuts[^1]);
            var span = window.AsSpan(0, ReadAtLeast(file, window, nominal));
            var at = -1;
            for (var from = 0; ;)
            {
                var hit = span[from..].IndexOf("\n\ngoroutine "u8);
                if (hit < 0) break;
                hit += from;
                var digit = hit + "\n\ngoroutine ".Length;
                if (digit < span.Length && span[digit] >= (byte)'0' && span[digit] <= (byte)'9') { at = hit + 2; break; }
                from = hit + 1;
            }
            // No boundary here (one huge goroutine, or the end of the file): the previous part goes on.
            if (at >= 0) cuts.Add(nominal + at);
        }
        if (cuts.Count == 1) return null;
        cuts.Add(length);
        return cuts;
    }

    // Fills the buffer from the offset on, or up to the end of the file; returns the bytes read.
    private static int ReadAtLeast(SafeFileHandle file, byte[] buffer, long offset)
    {
        var filled = 0;
        for (int n; filled < buffer.Length && (n = RandomAccess.Read(file, buffer.AsSpan(filled), offset + filled)) > 0;) filled += n;
        return filled;
    }

    private static Result Merge(string path, (DumpInfo Info, List<StackBucket> Buckets, long Total, WarningList Warnings)[] parts)
    {
        var info = new DumpInfo();
        var warnings = new WarningList(path);
        var merged = new Dictionary<string, StackBucket>();
        var order = new List<string>();
        long total = 0, lineOffset = 0;
        foreach (var part in parts)
        {
            info.Panic ??= part.Info.Panic;
            info.FatalError ??= part.Info.FatalError;
            info.Signal ??= part.Info.Signal;
            info.DeclaredTotal = Math.Max(info.DeclaredTotal, part.Info.DeclaredTotal);
            info.Aggregated |= part.Info.Aggregated;
            info.Truncated |= part.Info.Truncated;
            info.Bytes += part.Info.Bytes;
            foreach (var w in part.Warnings.Items) warnings.Add(w.Line + lineOffset, w.Message);
            warnings.AddUnkept(part.Warnings.Total - part.Warnings.Items.Count);
            lineOffset += part.Info.Lines;
            total += part.Total;
            foreach (var b in part.Buckets)
            {
                var key = Key(b);
                if (merged.TryGetValue(key, out var m))
                {
                    merged[key] = m with
                    {
                        Count = m.Count + b.Count,
                        MinWaitMinutes = Math.Min(m.MinWaitMinutes, b.MinWaitMinutes),
                        MaxWaitMinutes = Math.Max(m.MaxWaitMinutes, b.MaxWaitMinutes),
                        SampleIds = m.SampleIds.Count >= StackBucketer.SampleIdLimit ? m.SampleIds : [.. m.SampleIds.Concat(b.SampleIds).Take(StackBucketer.SampleIdLimit)],
                    };
                }
                else
                {
                    merged[key] = b;
                    order.Add(key);
                }
            }
        }
        info.Lines = lineOffset;
        var buckets = new List<StackBucket>(order.Count);
        foreach (var key in order) buckets.Add(merged[key]);
        // Stable: equal counts keep the order of first appearance, as in a sequential read.
        var sorted = buckets.Select((b, i) => (b, i)).OrderByDescending(x => x.b.Count).ThenBy(x => x.i).Select(x => x.b).ToList();
        return new Result(info, sorted, total, warnings);
    }

    private static string Key(StackBucket b)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(b.State).Append('\0').Append(b.LockedToThread).Append('\0').Append(b.Labels).Append('\0');
        if (b.CreatedBy is { } c) sb.Append(c.Function).Append(' ').Append(c.File).Append(':').Append(c.Line);
        foreach (var call in b.Stack) sb.Append('\0').Append(call.Function).Append(' ').Append(call.File).Append(':').Append(call.Line);
        return sb.ToString();
    }

    /// <summary>The bytes [start, end) of a file, read with positional reads (parts share one handle).</summary>
    private sealed class FileRangeStream(SafeFileHandle file, long start, long end) : Input.ReadOnlyStream
    {
        private long _position = start;
        public override int Read(Span<byte> buffer)
        {
            var n = RandomAccess.Read(file, buffer[..(int)Math.Min(buffer.Length, end - _position)], _position);
            _position += n;
            return n;
        }
    }
}
