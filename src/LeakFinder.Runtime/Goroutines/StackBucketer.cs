using System.Runtime.CompilerServices;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Streaming sink that folds each goroutine into its bucket as it is parsed: memory grows with the number
/// of distinct stacks, not with the number of goroutines.
/// </summary>
public sealed class StackBucketer : IGoroutineSink
{
    public const int SampleIdLimit = 5;

    private sealed class Accumulator
    {
        public int Count;
        public int MinWait = int.MaxValue;
        public int MaxWait;
        public readonly List<long> SampleIds = [];
        public int StateId;
        public bool Locked;
        public int CreatedBy;
        public string? Labels;
        public bool Aggregated;
        public int[] Frames = [];
        public long Order;
    }

    private readonly Dictionary<int[], Accumulator> _buckets = new(IntSequenceComparer.Instance);
    private readonly Dictionary<int[], Accumulator>.AlternateLookup<ReadOnlySpan<int>> _lookup;
    private readonly Dictionary<string, int> _labelIds = [];
    private int[] _key = new int[128];
    private int[] _lastKey = new int[128];
    private int _lastKeyLength;
    private Accumulator? _last;

    private readonly string _source;
    private readonly int _maxBuckets;

    public StackBucketer() : this("<input>", Input.InputLimits.DefaultStacks) { }

    /// <param name="maxBuckets">Distinct stacks kept before the input is refused: memory follows them, and
    /// garbage (or an attacker) can make every goroutine's stack new.</param>
    public StackBucketer(string source, int maxBuckets)
    {
        _source = source;
        _maxBuckets = maxBuckets;
        _lookup = _buckets.GetAlternateLookup<ReadOnlySpan<int>>();
    }

    public long TotalGoroutines { get; private set; }
    public long GoroutineRecords { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    public void OnGoroutine(GoroutineRecord g, FrameTable table)
    {
        var frames = g.Frames;
        const int header = 4;
        if (_key.Length < frames.Length + header) _key = new int[(frames.Length + header) * 2];
        var labelId = g.Labels == null ? -1 : LabelId(g.Labels);
        _key[0] = g.StateId;
        _key[1] = g.LockedToThread ? 1 : 0;
        _key[2] = g.CreatedBy;
        _key[3] = labelId;
        frames.CopyTo(_key.AsSpan(header));
        var key = _key.AsSpan(0, frames.Length + header);
        // Consecutive goroutines of a leak share one bucket: check the last one before hashing the key.
        var bucket = _last != null && key.SequenceEqual(_lastKey.AsSpan(0, _lastKeyLength)) ? _last : null;
        if (bucket == null && !_lookup.TryGetValue(key, out bucket))
        {
            if (_buckets.Count >= _maxBuckets)
                throw new Input.InputLimitException($"{_source}: more than {_maxBuckets} distinct stacks; --max-stacks raises the limit");
            bucket = new Accumulator
            {
                StateId = g.StateId, Locked = g.LockedToThread, CreatedBy = g.CreatedBy, Labels = g.Labels,
                Aggregated = g.Aggregated, Frames = frames.ToArray(), Order = _buckets.Count,
            };
            _lookup[key] = bucket;
        }
        if (bucket != _last)
        {
            _last = bucket;
            if (_lastKey.Length < key.Length) _lastKey = new int[_key.Length];
            key.CopyTo(_lastKey);
            _lastKeyLength = key.Length;
        }
        bucket.Count += g.Count;
        if (g.WaitMinutes < bucket.MinWait) bucket.MinWait = g.WaitMinutes;
        if (g.WaitMinutes > bucket.MaxWait) bucket.MaxWait = g.WaitMinutes;
        if (g.Id >= 0 && bucket.SampleIds.Count < SampleIdLimit) bucket.SampleIds.Add(g.Id);
        TotalGoroutines += g.Count;
        GoroutineRecords++;
    }

    private int LabelId(string labels)
    {
        if (!_labelIds.TryGetValue(labels, out var id)) _labelIds[labels] = id = _labelIds.Count;
        return id;
    }

    /// <summary>The buckets, largest first (ties in order of first appearance), with sites and benign reasons.</summary>
    public List<StackBucket> Buckets(FrameTable table)
    {
        var accumulators = new List<Accumulator>(_buckets.Values);
        accumulators.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.Order.CompareTo(b.Order));
        var result = new List<StackBucket>(accumulators.Count);
        foreach (var a in accumulators)
        {
            var stack = new Call[a.Frames.Length];
            var functions = new string[a.Frames.Length];
            for (var i = 0; i < stack.Length; i++)
            {
                stack[i] = table.ToCall(a.Frames[i]);
                functions[i] = stack[i].Function;
            }
            var createdBy = a.CreatedBy >= 0 ? table.ToCall(a.CreatedBy) : null;
            var state = table.States[a.StateId];
            var kind = WaitKinds.Classify(state, functions);
            var benign = BenignGoroutines.Reason(kind, functions);
            result.Add(new StackBucket(a.Count, state, kind, a.Locked, a.MinWait == int.MaxValue ? 0 : a.MinWait, a.MaxWait,
                stack, createdBy, a.SampleIds, StuckSite(stack), benign, a.Labels, a.Aggregated));
        }
        return result;
    }

    /// <summary>
    /// Where the goroutine is stuck, as the user can fix it: the first frame outside the standard library
    /// (main.leaky at main.go:42, not runtime.gopark); failing that the first frame outside the runtime.
    /// </summary>
    public static SourceSite? StuckSite(IReadOnlyList<Call> stack)
    {
        Call? firstNonRuntime = null;
        foreach (var call in stack)
        {
            if (call.Function == "runtime.goexit") continue;
            if (!GoNames.IsStandardLibrary(call.Function)) return new SourceSite(call.Function, call.File, call.Line);
            if (firstNonRuntime == null && !GoNames.IsRuntime(call.Function)) firstNonRuntime = call;
        }
        return firstNonRuntime == null ? null : new SourceSite(firstNonRuntime.Function, firstNonRuntime.File, firstNonRuntime.Line);
    }
}
