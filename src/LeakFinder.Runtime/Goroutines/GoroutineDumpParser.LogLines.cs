using LeakFinder.Runtime.Goroutines.LogLines;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Dumps read out of a log pipeline, every line wrapped in a prefix (a timestamp, a stream tag, a JSON record).
/// Until the first goroutine header the parser watches for one that starts inside a line; the text before it
/// gives a <see cref="LogLineForm"/>, confirmed when the line after the header (in the same record, or in one
/// of the next few of the dump's source) is a stack line, and from then on every record is unwrapped before it
/// is parsed. A header at the start of a line means a clean dump: the
/// watch ends and nothing of this applies. Records of other sources are dropped; a line of the dump's own
/// source that is no stack text inside a goroutine (another goroutine logging) is skipped with a warning
/// rather than ending the goroutine early.
/// </summary>
public sealed partial class GoroutineDumpParser
{
    private const int PreambleLines = 16;
    private const int ConfirmationPatience = 8;

    private bool _watching = true;     // no goroutine yet: a header may still turn up inside a prefixed line
    private bool _logged;              // a form is learned or a candidate awaits confirmation: records go through ReadLogged
    private LogLineForm? _form;
    private LogLineForm? _candidate;
    private byte[] _candidateRecord = [];
    private long _candidateLine;
    private readonly List<(byte[] Record, long Line)> _waiting = [];
    private readonly byte[][] _preamble = new byte[PreambleLines][];   // a ring of the last preamble lines, reused
    private readonly int[] _preambleLength = new int[PreambleLines];
    private int _preambleCount;
    private byte[] _joined = new byte[256];
    private int _joinedLength;
    private long _foreignInGoroutine;

    /// <summary>Called for the lines of the preamble that are no dump text: one may hold a wrapped header.</summary>
    private void WatchForWrappedHeader(ReadOnlySpan<byte> line)
    {
        var at = LogLineForm.HeaderAt(line);
        var form = at > 0 ? LogLineForm.Learn(line, at) : null;
        if (form == null)
        {
            // Kept to replay the preamble ("panic: ...", "SIGQUIT: quit") once a form is learned.
            KeepPreamble(line);
            return;
        }
        _candidate = form;
        _candidateRecord = line.ToArray();
        _candidateLine = _lineNumber;
        _logged = true;
        // A record may hold many lines (a JSON field with the whole of runtime.Stack): the header's own record
        // can confirm it.
        if (form.Unwrap(line, out var text, out _) == LogRecord.Text)
        {
            var header = LogLineForm.HeaderAt(text);
            var newline = text[header..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var next = text[(header + newline + 1)..];
                var end = next.IndexOf((byte)'\n');
                if (ContinuesWrappedHeader(end < 0 ? next : next[..end])) Confirm(form);
            }
        }
    }

    /// <summary>A record read while a form is learned or a candidate awaits the record that confirms it.</summary>
    private void ReadLogged(ReadOnlySpan<byte> record, long n)
    {
        if (_form != null) { Unwrap(_form, record, n); return; }
        var candidate = _candidate!;
        var kind = candidate.Unwrap(record, out var text, out var continues);
        if (kind == LogRecord.Unprefixed) text = record;
        if (kind != LogRecord.Foreign && !continues && ContinuesWrappedHeader(text))
        {
            Confirm(candidate);
            Unwrap(candidate, record, n);
            return;
        }
        if (_waiting.Count < ConfirmationPatience && LogLineForm.HeaderAt(text) < 0)
        {
            // Another source, or another goroutine's log line, between the header and its first frame: wait a
            // few records for the dump's own, keeping them to read once the form is decided.
            _waiting.Add((record.ToArray(), n));
            return;
        }
        DropCandidate();
        ReadRecord(record, n);
    }

    // Not a wrapped dump after all (a log line that quoted a header): read what was held back as before.
    private void DropCandidate()
    {
        _candidate = null;
        _logged = false;
        KeepPreamble(_candidateRecord);
        var held = _waiting.ToArray();
        _waiting.Clear();
        foreach (var (line, at) in held) ReadRecord(line, at);
    }

    private void ReadRecord(ReadOnlySpan<byte> record, long n)
    {
        if (_logged) ReadLogged(record, n);
        else Dispatch(record, n);
    }

    // From now on every record is unwrapped: first the preamble kept so far (for "panic:" and its kin), then
    // the header's record and those held back while waiting for confirmation.
    private void Confirm(LogLineForm form)
    {
        _form = form;
        _candidate = null;
        _watching = false;
        _info.LogPrefix = form.Description;
        for (var i = Math.Max(0, _preambleCount - PreambleLines); i < _preambleCount; i++)
            if (form.Unwrap(_preamble[i % PreambleLines].AsSpan(0, _preambleLength[i % PreambleLines]), out var preamble, out _) == LogRecord.Text)
                ReadPreamble(preamble);
        Unwrap(form, _candidateRecord, _candidateLine);
        foreach (var (line, at) in _waiting) Unwrap(form, line, at);
        _waiting.Clear();
    }

    private void KeepPreamble(ReadOnlySpan<byte> line)
    {
        var slot = _preambleCount++ % PreambleLines;
        if (_preamble[slot] == null || _preamble[slot].Length < line.Length) _preamble[slot] = new byte[Math.Max(line.Length, 128)];
        line.CopyTo(_preamble[slot]);
        _preambleLength[slot] = line.Length;
    }

    // What follows a header: its first call, or "N @ 0x..." after "goroutine profile: total N".
    private static bool ContinuesWrappedHeader(ReadOnlySpan<byte> text)
    {
        if (text.StartsWith("\tgoroutine running on other thread"u8)) return true;
        if (TrySplitCall(text, out _, out _)) return true;
        var space = text.IndexOf(" @ 0x"u8);
        return space > 0 && text[..space].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    private void Unwrap(LogLineForm form, ReadOnlySpan<byte> record, long n)
    {
        var kind = form.Unwrap(record, out var text, out var continues);
        if (kind == LogRecord.Foreign)
        {
            if (_open) _foreignInGoroutine++;
            return;
        }
        if (kind == LogRecord.Unprefixed) { text = record; continues = false; }
        if (_joinedLength == 0 && !continues && text.IndexOf((byte)'\n') < 0)
        {
            ReadUnwrappedLine(text, n);
            return;
        }
        // Partial records and multi-line texts go through one buffer: complete lines are read, the rest waits.
        Append(text);
        if (!continues) Append("\n"u8);
        var done = 0;
        for (int newline; (newline = _joined.AsSpan(done, _joinedLength - done).IndexOf((byte)'\n')) >= 0; done += newline + 1)
            ReadUnwrappedLine(_joined.AsSpan(done, newline), n);
        _joined.AsSpan(done, _joinedLength - done).CopyTo(_joined);
        _joinedLength -= done;
        if (_joinedLength >= MaxLineLength)
        {
            Warn(n, "line longer than 1 MiB, cut");
            ReadUnwrappedLine(_joined.AsSpan(0, MaxLineLength), n);
            _joinedLength = 0;
        }
    }

    private void Append(ReadOnlySpan<byte> text)
    {
        if (_joinedLength + text.Length > _joined.Length)
            Array.Resize(ref _joined, Math.Max(_joinedLength + text.Length, _joined.Length * 2));
        text.CopyTo(_joined.AsSpan(_joinedLength));
        _joinedLength += text.Length;
    }

    private void ReadUnwrappedLine(ReadOnlySpan<byte> line, long n)
    {
        if (line.EndsWith("\r"u8)) line = line[..^1];
        if (IsStrayInGoroutine(line))
        {
            Warn(n, $"not stack text inside goroutine {_record.Id}, skipped (output of another source interleaved with the dump?)");
            return;
        }
        Dispatch(line, n);
    }

    // Inside a goroutine, a line of no kind a stack has. A clean dump ends the goroutine there (output after the
    // dump); in a log, the dump's lines and other writers' lines of the same stream interleave, so skip it.
    private bool IsStrayInGoroutine(ReadOnlySpan<byte> line)
    {
        if (!_open || line.IsEmpty) return false;
        if (_state == State.Aggregated) return line[0] != (byte)'#';
        if (_state is State.Outside or State.SkipBlock) return false;
        return line[0] != (byte)'\t' && !IsHeader(line) && !line.StartsWith("created by "u8) && !line.StartsWith("..."u8)
            && !line.StartsWith("[originating from goroutine "u8) && !TrySplitCall(line, out _, out _);
    }

    /// <summary>At the end of input: a partial record left waiting, and the count of other sources' records.</summary>
    private void FinishLogged()
    {
        if (_joinedLength > 0)
        {
            var rest = _joined.AsSpan(0, _joinedLength).ToArray();
            _joinedLength = 0;
            ReadUnwrappedLine(rest, _lineNumber);
        }
        if (_foreignInGoroutine > 0)
            Warn(0, $"{_foreignInGoroutine} records of other log sources inside goroutines skipped");
    }
}
