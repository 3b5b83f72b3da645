using System.Runtime.CompilerServices;
using System.Buffers.Text;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Streaming parser for goroutine dumps in every form the Go runtime prints them: panic, fatal error and
/// SIGQUIT tracebacks at any GOTRACEBACK level, runtime.Stack / ?debug=2 output, and the aggregated
/// ?debug=1 profile. Modelled on panicparse: one state per kind of line expected next; lines that fit no
/// state end the current goroutine and are skipped as preamble or garbage. It never throws on bad input:
/// malformed stack lines become warnings and the goroutine is kept with what could be read.
///
/// Line kinds (from runtime/traceback.go and runtime/pprof/pprof.go):
///   goroutine 18 [chan send, 5 minutes, locked to thread]:       goroutineheader
///   goroutine 1 gp=0xc000002380 m=0 mp=0x55c6c0 [running]:     goroutineheader, Go 1.23+ at GOTRACEBACK=system
///   main.leaky(0x0?, {0x1, 0x2}, ...)                          traceback1 / printArgs
///   \t/src/main.go:15 +0x25 fp=0x.. sp=0x.. pc=0x..               traceback1 (fp/sp/pc at level 2+)
///   ...additional frames elided... / ...12 frames elided...      pre-1.21 / 1.21+
///   created by main.main [in goroutine 1]                          printcreatedby (suffix Go 1.21+)
///   [originating from goroutine 7]:                               printAncestorTraceback (skipped)
///   goroutine profile: total 8 / 5 @ 0x43 0x40 / # labels: {..} / #\t0x4b\tmain.f+0x24\t/src/main.go:15
/// </summary>
public sealed partial class GoroutineDumpParser
{
    private enum State
    {
        Outside,            // preamble, garbage, or between goroutines
        AfterHeader,        // expecting the first call (or "goroutine running on other thread")
        AfterCall,          // expecting "\tfile:line"
        AfterLocation,      // expecting another call, "created by", an elision marker or the end
        AfterCreatedBy,     // expecting the creator's "\tfile:line"
        AfterCreator,       // expecting the end (or ancestors)
        SkipBlock,          // "runtime stack:" or ancestor tracebacks: skipped up to the next blank line
        Aggregated,         // inside a ?debug=1 record
    }

    private readonly FrameTable _table;
    private readonly IGoroutineSink _sink;
    private readonly WarningList _warnings;
    private readonly bool _keepArguments;
    private readonly GoroutineRecord _record = new();
    private readonly DumpInfo _info = new();
    private State _state = State.Outside;
    private bool _open;
    private int _pendingFunction = -1;
    private string? _pendingArgs;
    private bool _pendingCreatedBy;
    private readonly LineMemo _functionMemo = new(LineMemo.StackSlots);
    private readonly LineMemo _locationMemo = new(LineMemo.StackSlots);
    private readonly LineMemo _stateMemo = new(1);

    // Memo slot of the line being read: its frame index, with one slot of its own for "created by".
    private int MemoSlot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _pendingCreatedBy ? LineMemo.StackSlots - 1 : Math.Min(_record.FrameCount, LineMemo.StackSlots - 2);
    }

    public GoroutineDumpParser(FrameTable table, IGoroutineSink sink, WarningList warnings, bool keepArguments = false)
    {
        _table = table;
        _sink = sink;
        _warnings = warnings;
        _keepArguments = keepArguments;
    }

    private long _aggregatedSum;

    private void CheckDeclaredTotal(long line)
    {
        if (_aggregatedSum != _info.DeclaredTotal)
            Warn(line, $"profile declares total {_info.DeclaredTotal} goroutines but its records count {_aggregatedSum}");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // hot: runs once per line of a dump
    private void Dispatch(ReadOnlySpan<byte> line, long n)
    {
        switch (_state)
        {
            case State.Outside: OnOutside(line, n); break;
            case State.AfterHeader: OnAfterHeader(line, n); break;
            case State.AfterCall: OnAfterCall(line, n); break;
            case State.AfterLocation: OnAfterLocation(line, n); break;
            case State.AfterCreatedBy: OnAfterCreatedBy(line, n); break;
            case State.AfterCreator: OnAfterCreator(line, n); break;
            case State.SkipBlock: if (line.IsEmpty) _state = State.Outside; else if (IsHeader(line)) OnOutside(line, n); break;
            case State.Aggregated: OnAggregated(line, n); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void OnOutside(ReadOnlySpan<byte> line, long n)
    {
        if (line.IsEmpty) return;
        if (IsHeader(line)) { StartGoroutine(line, n); return; }
        if (line[0] >= (byte)'0' && line[0] <= (byte)'9' && TryStartAggregated(line, n)) return;
        if (line.StartsWith("goroutine"u8) && line.IndexOf(" profile: total "u8) > 0) { ReadDeclaredTotal(line, n); return; }
        if (line.StartsWith("runtime stack:"u8)) { _state = State.SkipBlock; return; }
        if (!ReadPreamble(line) && _watching) WatchForWrappedHeader(line);
        // Anything else is preamble or trailer (log lines, "exit status 2", register dumps): skipped.
    }

    // The lines before the goroutines that say why the dump was written.
    private bool ReadPreamble(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("panic: "u8)) _info.Panic ??= Text(line["panic: ".Length..]);
        else if (line.StartsWith("fatal error: "u8)) _info.FatalError ??= Text(line["fatal error: ".Length..]);
        else if (line.StartsWith("[signal "u8)) _info.Signal ??= Text(line[1..^(line[^1] == (byte)']' ? 1 : 0)]);
        else if (line.StartsWith("SIG"u8) && line.IndexOf(": "u8) > 0 && line.Length < 64) _info.Signal ??= Text(line);
        else return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void OnAfterHeader(ReadOnlySpan<byte> line, long n)
    {
        if (line.StartsWith("\tgoroutine running on other thread"u8)) { _state = State.AfterLocation; return; }
        if (line.Length > 0 && line[0] == (byte)'\t')
        {
            Warn(n, "expected a function call after the goroutine header, found a file location");
            _state = State.AfterLocation;
            return;
        }
        OnAfterLocation(line, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void OnAfterLocation(ReadOnlySpan<byte> line, long n)
    {
        if (line.IsEmpty) { Flush(n); return; }
        if (IsHeader(line)) { Flush(n); StartGoroutine(line, n); return; }
        if (line.StartsWith("created by "u8)) { StartCreatedBy(line["created by ".Length..], n); return; }
        if (line.StartsWith("..."u8)) { ReadElision(line); return; }
        if (line.StartsWith("[originating from goroutine "u8)) { Flush(n); _state = State.SkipBlock; return; }
        if (line[0] == (byte)'\t')
        {
            Warn(n, "file location without a function call line before it");
            return;
        }
        _pendingCreatedBy = false;
        var slot = MemoSlot;
        var known = _functionMemo.FindCallOf(slot, line);
        if (known >= 0)
        {
            // A function seen at this depth of a recent goroutine: skip splitting and interning.
            _pendingFunction = _functionMemo[known].Value;
            _pendingArgs = _keepArguments ? Text(line[(_functionMemo.KeyLength(known) + 1)..^1]) : null;
            _state = State.AfterCall;
            return;
        }
        if (!TrySplitCall(line, out var function, out var args))
        {
            // Not a stack line: the goroutine ended without its blank line (log output, "exit status 2").
            Flush(n);
            OnOutside(line, n);
            return;
        }
        _pendingCreatedBy = false;
        _pendingFunction = InternFunction(function);
        _pendingArgs = _keepArguments ? Text(args) : null;
        _state = State.AfterCall;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void OnAfterCall(ReadOnlySpan<byte> line, long n)
    {
        if (line.Length > 0 && line[0] == (byte)'\t')
        {
            var slot = MemoSlot;
            var known = _locationMemo.Find(slot, line, _pendingFunction);
            if (known >= 0)
            {
                ref var remembered = ref _locationMemo[known];
                AddFrame(remembered.Value, remembered.Offset);
            }
            else
            {
                if (!TryParseLocation(line[1..], out var file, out var lineNumber, out var offset))
                {
                    Warn(n, $"malformed file location '{Text(line[1..])}', expected /path/file.go:LINE");
                    file = "?"u8; lineNumber = 0; offset = -1;
                }
                var frame = _table.Frame(_pendingFunction, _table.Files.Intern(file), lineNumber);
                ref var memo = ref _locationMemo.Store(slot, line, _pendingFunction);
                memo.Value = frame;
                memo.Offset = offset;
                AddFrame(frame, offset);
            }
            _state = _pendingCreatedBy ? State.AfterCreator : State.AfterLocation;
            return;
        }
        Warn(n, "expected a file location (tab, /path/file.go:LINE) after the function call");
        AddPendingFrame("?"u8, 0, -1);
        _state = _pendingCreatedBy ? State.AfterCreator : State.AfterLocation;
        Dispatch(line, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnAfterCreatedBy(ReadOnlySpan<byte> line, long n) => OnAfterCall(line, n);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void OnAfterCreator(ReadOnlySpan<byte> line, long n)
    {
        if (line.IsEmpty) { Flush(n); return; }
        if (IsHeader(line)) { Flush(n); StartGoroutine(line, n); return; }
        if (line.StartsWith("[originating from goroutine "u8)) { Flush(n); _state = State.SkipBlock; return; }
        Flush(n);
        OnOutside(line, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddPendingFrame(ReadOnlySpan<byte> file, int lineNumber, long offset) =>
        AddFrame(_table.Frame(_pendingFunction, _table.Files.Intern(file), lineNumber), offset);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private int InternFunction(ReadOnlySpan<byte> function)
    {
        var slot = MemoSlot;
        var known = _functionMemo.Find(slot, function);
        if (known >= 0) return _functionMemo[known].Value;
        var id = _table.Functions.Intern(function);
        _functionMemo.Store(slot, function).Value = id;
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // hot: runs once per stack line of a dump
    private void AddFrame(int frame, long offset)
    {
        if (_pendingCreatedBy)
        {
            _record.CreatedBy = frame;
            _record.CreatedByOffset = offset;
        }
        else
        {
            _record.AddFrame(frame, offset);
            if (_keepArguments) _record.Args.Add(_pendingArgs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void StartCreatedBy(ReadOnlySpan<byte> rest, long n)
    {
        // Go 1.21+: "created by main.main in goroutine 1".
        var inGoroutine = rest.IndexOf(" in goroutine "u8);
        var function = rest;
        if (inGoroutine >= 0)
        {
            function = rest[..inGoroutine];
            if (Utf8Parser.TryParse(rest[(inGoroutine + " in goroutine ".Length)..], out long creator, out _)) _record.CreatorId = creator;
        }
        if (function.IsEmpty)
        {
            Warn(n, "'created by' without a function name");
            _state = State.AfterCreator;
            return;
        }
        _pendingCreatedBy = true;
        _pendingFunction = InternFunction(function);
        _state = State.AfterCreatedBy;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadElision(ReadOnlySpan<byte> line)
    {
        // "...additional frames elided..." (before Go 1.21) or "...N frames elided..." (Go 1.21+).
        if (Utf8Parser.TryParse(line[3..], out int count, out _)) _record.ElidedFrames += count;
        else _record.ElidedFrames = -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsHeader(ReadOnlySpan<byte> line) =>
        line.Length > 10 && line.StartsWith("goroutine "u8) && line[10] >= (byte)'0' && line[10] <= (byte)'9';

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void StartGoroutine(ReadOnlySpan<byte> line, long n)
    {
        _record.Reset(n);
        _open = true;
        _watching = false;
        _state = State.AfterHeader;
        var rest = line["goroutine ".Length..];
        Utf8Parser.TryParse(rest, out long id, out var consumed);
        _record.Id = id;
        rest = rest[consumed..];
        var open = rest.IndexOf((byte)'[');
        var close = rest.LastIndexOf((byte)']');
        if (open < 0 || close < open)
        {
            Warn(n, $"malformed goroutine header '{Text(line)}', expected 'goroutine N [state]:'");
            _record.StateId = _table.States.Intern("?"u8);
            return;
        }
        ReadHeaderBrackets(rest[(open + 1)..close]);
    }

    // Inside the brackets: status[ (scan)][ (durable)][, N minutes][, locked to thread][, synctest bubble N]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void ReadHeaderBrackets(ReadOnlySpan<byte> brackets)
    {
        var comma = brackets.IndexOf(", "u8);
        var status = comma < 0 ? brackets : brackets[..comma];
        if (status.EndsWith(" (scan)"u8)) status = status[..^" (scan)".Length];
        var known = _stateMemo.Find(0, status);
        _record.StateId = known >= 0 ? _stateMemo[known].Value : (_stateMemo.Store(0, status).Value = _table.States.Intern(status));
        while (comma >= 0)
        {
            brackets = brackets[(comma + 2)..];
            comma = brackets.IndexOf(", "u8);
            var part = comma < 0 ? brackets : brackets[..comma];
            if (part.EndsWith(" minutes"u8) || part.EndsWith(" minute"u8))
            {
                if (Utf8Parser.TryParse(part, out int minutes, out _)) _record.WaitMinutes = minutes;
            }
            else if (part.SequenceEqual("locked to thread"u8)) _record.LockedToThread = true;
            else if (part.StartsWith("synctest"u8)) _record.SynctestBubble = Text(part);
            // Other annotations of future versions are ignored rather than rejected.
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryStartAggregated(ReadOnlySpan<byte> line, long n)
    {
        // "5 @ 0x437556 0x4053cc ..."
        if (!Utf8Parser.TryParse(line, out int count, out var consumed) || !line[consumed..].StartsWith(" @"u8)) return false;
        if (_open) Flush(n);
        _record.Reset(n);
        _record.Aggregated = true;
        _record.Count = count;
        _record.StateId = _table.States.Intern(""u8);
        _info.Aggregated = true;
        _watching = false;
        _aggregatedSum += count;
        _open = true;
        _state = State.Aggregated;
        return true;
    }

    private void ReadDeclaredTotal(ReadOnlySpan<byte> line, long n)
    {
        var at = line.IndexOf(" profile: total "u8) + " profile: total ".Length;
        if (Utf8Parser.TryParse(line[at..], out long total, out _)) _info.DeclaredTotal = total;
        else Warn(n, "malformed profile header, expected 'goroutine profile: total N'");
        _info.Aggregated = true;
        _watching = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void OnAggregated(ReadOnlySpan<byte> line, long n)
    {
        if (line.IsEmpty) { Flush(n); return; }
        if (line.StartsWith("# labels: "u8)) { _record.Labels = Text(line["# labels: ".Length..]); return; }
        if (line[0] != (byte)'#')
        {
            Flush(n);
            OnOutside(line, n);
            return;
        }
        // "#\t0x4b3d84\tmain.leaky+0x24\t/tmp/main.go:15", padded with extra tabs by text/tabwriter.
        var fields = line[1..];
        var pc = NextField(ref fields);
        var symbol = NextField(ref fields);
        var location = NextField(ref fields);
        if (pc.IsEmpty) { Warn(n, "malformed stack record line, expected '#\\t0xPC\\tfunction+0xOFF\\tfile:line'"); return; }
        if (symbol.IsEmpty)
        {
            // A PC without symbol information.
            _record.AddFrame(_table.Frame(_table.Functions.Intern("?"u8), _table.Files.Intern("?"u8), 0), -1);
            return;
        }
        long offset = -1;
        var plus = symbol.LastIndexOf("+0x"u8);
        if (plus > 0)
        {
            Utf8Parser.TryParse(symbol[(plus + 3)..], out offset, out _, 'x');
            symbol = symbol[..plus];
        }
        if (!TryParseLocation(location, out var file, out var lineNumber, out _))
        {
            Warn(n, $"malformed file location '{Text(location)}' in stack record");
            file = "?"u8; lineNumber = 0;
        }
        _record.AddFrame(_table.Frame(_table.Functions.Intern(symbol), _table.Files.Intern(file), lineNumber), offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> fields)
    {
        var i = 0;
        while (i < fields.Length && fields[i] == (byte)'\t') i++;
        fields = fields[i..];
        var end = fields.IndexOf((byte)'\t');
        if (end < 0) end = fields.Length;
        var field = fields[..end];
        fields = fields[end..];
        return field;
    }

    /// <summary>Splits "pkg.(*T).M(0x1, {0x2, ...})" into the function and the argument text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    public static bool TrySplitCall(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> function, out ReadOnlySpan<byte> args)
    {
        function = default; args = default;
        if (line.Length < 3 || line[^1] != (byte)')' || line[0] == (byte)' ') return false;
        var depth = 0;
        for (var i = line.Length - 1; i > 0; i--)
        {
            var c = line[i];
            if (c == (byte)')') depth++;
            else if (c == (byte)'(' && --depth == 0)
            {
                function = line[..i];
                args = line[(i + 1)..^1];
                // A function name never contains a space; a line that does is prose, not a frame.
                return function.IndexOf((byte)' ') < 0;
            }
        }
        return false;
    }

    /// <summary>Parses "/path/file.go:42 +0x1f fp=0x.. sp=0x.. pc=0x..": file, line and the +0x offset (or -1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    public static bool TryParseLocation(ReadOnlySpan<byte> text, out ReadOnlySpan<byte> file, out int line, out long offset)
    {
        file = default; line = 0; offset = -1;
        var end = text.Length;
        var plus = text.IndexOf(" +0x"u8);
        if (plus >= 0)
        {
            Utf8Parser.TryParse(text[(plus + 4)..], out offset, out _, 'x');
            end = plus;
        }
        else
        {
            var fp = text.IndexOf(" fp="u8);
            if (fp < 0) fp = text.IndexOf(" pc="u8);
            if (fp >= 0) end = fp;
        }
        var location = text[..end].TrimEnd((byte)' ');
        var colon = location.LastIndexOf((byte)':');
        if (colon <= 0) return false;
        if (!Utf8Parser.TryParse(location[(colon + 1)..], out line, out var consumed) || consumed != location.Length - colon - 1) return false;
        file = location[..colon];
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: runs once per line of a dump
    private void Flush(long n)
    {
        if (!_open) return;
        _open = false;
        _state = State.Outside;
        _sink.OnGoroutine(_record, _table);
    }

    private void Warn(long line, string message) => _warnings.Add(line, message);

    private static string Text(ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
