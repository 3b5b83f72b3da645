using System.Runtime.CompilerServices;
namespace LeakFinder.Runtime.Goroutines;

/// <summary>One distinct frame (function at file:line) of a dump, by interned ids.</summary>
public readonly record struct FrameKey(int Function, int File, int Line);

/// <summary>
/// The dump's vocabulary: every distinct function name, file path, state text and frame gets a small id
/// once, so goroutine records are arrays of ints and stacks compare as int sequences.
/// </summary>
public sealed class FrameTable
{
    private readonly Dictionary<FrameKey, int> _frameIds = [];
    private readonly List<FrameKey> _frames = [];

    public Utf8InternTable Functions { get; } = new();
    public Utf8InternTable Files { get; } = new();
    public Utf8InternTable States { get; } = new();

    public int FrameCount => _frames.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    public int Frame(int function, int file, int line)
    {
        var key = new FrameKey(function, file, line);
        if (_frameIds.TryGetValue(key, out var id)) return id;
        id = _frames.Count;
        _frames.Add(key);
        _frameIds.Add(key, id);
        return id;
    }

    public FrameKey this[int frame] => _frames[frame];

    public string FunctionOf(int frame) => Functions[_frames[frame].Function];

    public Call ToCall(int frame, string? args = null, long offset = -1)
    {
        var key = _frames[frame];
        return new Call(Functions[key.Function], Files[key.File], key.Line, args, offset);
    }
}
