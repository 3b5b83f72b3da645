using System.Runtime.CompilerServices;
namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// The parser's reusable, allocation-free view of the goroutine just read: ids into a <see cref="FrameTable"/>.
/// It is overwritten for the next goroutine, so a sink copies what it keeps.
/// </summary>
public sealed class GoroutineRecord
{
    private int[] _frames = new int[64];
    private long[] _offsets = new long[64];

    public long Id { get; internal set; }
    public int StateId { get; internal set; }
    public int WaitMinutes { get; internal set; }
    public bool LockedToThread { get; internal set; }
    /// <summary>Frame id of the "created by" call, or -1 (main goroutine, aggregated form, or not printed).</summary>
    public int CreatedBy { get; internal set; }
    public long CreatedByOffset { get; internal set; }
    public long CreatorId { get; internal set; }
    /// <summary>How many goroutines share this record: 1, except in the aggregated ?debug=1 form.</summary>
    public int Count { get; internal set; }
    /// <summary>0 when nothing was elided, N for "...N frames elided...", -1 for "...additional frames elided...".</summary>
    public int ElidedFrames { get; internal set; }
    public string? Labels { get; internal set; }
    public string? SynctestBubble { get; internal set; }
    /// <summary>True for the aggregated ?debug=1 form, which has no ids, states or wait times.</summary>
    public bool Aggregated { get; internal set; }
    /// <summary>Line of the goroutine's header in the input.</summary>
    public long Line { get; internal set; }
    public int FrameCount { get; private set; }
    /// <summary>Raw argument texts, parallel to the frames; filled only when the parser keeps arguments.</summary>
    public List<string?> Args { get; } = [];

    public ReadOnlySpan<int> Frames => _frames.AsSpan(0, FrameCount);
    public ReadOnlySpan<long> Offsets => _offsets.AsSpan(0, FrameCount);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Reset(long line)
    {
        Id = -1; StateId = 0; WaitMinutes = 0; LockedToThread = false; CreatedBy = -1; CreatedByOffset = -1;
        CreatorId = -1; Count = 1; ElidedFrames = 0; Labels = null; SynctestBubble = null; Aggregated = false;
        Line = line; FrameCount = 0; Args.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddFrame(int frame, long offset)
    {
        if (FrameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }
        _frames[FrameCount] = frame;
        _offsets[FrameCount] = offset;
        FrameCount++;
    }
}

/// <summary>Receives each goroutine as soon as the parser has read it (streaming: nothing else is kept).</summary>
public interface IGoroutineSink
{
    void OnGoroutine(GoroutineRecord goroutine, FrameTable table);
}
