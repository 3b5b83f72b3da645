namespace LeakFinder.Runtime.Goroutines.LogLines;

/// <summary>What one record of a log says about the dump text it may carry.</summary>
public enum LogRecord
{
    /// <summary>A record of the dump's own source: its text is dump text.</summary>
    Text,
    /// <summary>A record of the same log format from another source (stdout, another process): not the dump's.</summary>
    Foreign,
    /// <summary>A line without the learned prefix: passed on as it is (a multi-line message logged with one prefix).</summary>
    Unprefixed,
}

/// <summary>
/// A log pipeline's wrapping of each line of a goroutine dump (CRI and kubectl timestamps, Docker's JSON lines,
/// syslog, Go's log package), learned from the first record that holds a goroutine header, so the parser can
/// read the dump text inside every record. A form is learned from data, not from a list of tools: the part of
/// the header's record before "goroutine N [" is its prefix.
/// </summary>
public abstract class LogLineForm
{
    /// <summary>How the form reads in reports: the learned prefix or the JSON field.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// The dump text inside one record. For <see cref="LogRecord.Text"/>, <paramref name="text"/> may hold
    /// several lines (a JSON string with newlines); <paramref name="continues"/> says the record's last line goes
    /// on in the next record (CRI "P", a Docker record split at 16 KiB). The span may point into the form's own
    /// buffer, valid until the next call.
    /// </summary>
    public abstract LogRecord Unwrap(ReadOnlySpan<byte> record, out ReadOnlySpan<byte> text, out bool continues);

    /// <summary>
    /// The form of a record whose dump text (a goroutine header) starts at <paramref name="headerAt"/> &gt; 0, or
    /// null when the record does not look like a wrapped dump line.
    /// </summary>
    public static LogLineForm? Learn(ReadOnlySpan<byte> record, int headerAt)
    {
        if (record[0] == (byte)'{') return JsonLinesForm.TryLearn(record);
        return TokenPrefixForm.TryLearn(record[..headerAt]);
    }

    /// <summary>
    /// Where dump text that opens a goroutine or an aggregated profile starts in <paramref name="text"/>:
    /// "goroutine N [", "goroutine N gp=" (Go 1.23 GOTRACEBACK=system) or "goroutine profile: total "; -1 if nowhere.
    /// </summary>
    public static int HeaderAt(ReadOnlySpan<byte> text)
    {
        for (var from = 0; ;)
        {
            var hit = text[from..].IndexOf("goroutine "u8);
            if (hit < 0) return -1;
            hit += from;
            var rest = text[(hit + "goroutine ".Length)..];
            if (rest.StartsWith("profile: total "u8)) return hit;
            var digits = 0;
            while (digits < rest.Length && rest[digits] >= (byte)'0' && rest[digits] <= (byte)'9') digits++;
            if (digits > 0 && (rest[digits..].StartsWith(" ["u8) || rest[digits..].StartsWith(" gp="u8))) return hit;
            from = hit + 1;
        }
    }
}
