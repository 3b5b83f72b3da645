namespace LeakFinder.Runtime.Goroutines.LogLines;

/// <summary>
/// A prefix of space-separated tokens, learned from one example and matched by shape:
/// <list type="bullet">
/// <item>timestamps and numbers (digits with -/:.,TZ+) match any such token, whatever their width (RFC 3339
///   with nanoseconds drops trailing zeros; syslog pads the day with a space);</item>
/// <item>month and weekday names match any word;</item>
/// <item>stdout/stderr must equal the learned stream, and a CRI tag after it is P (partial) or F (full);</item>
/// <item>anything else (host, program[pid]:, [pod/container], file.go:42:) must match exactly.</item>
/// </list>
/// CRI (<c>2024-05-01T12:00:00.1Z stderr F </c>), kubectl --timestamps, syslog/journald
/// (<c>May  1 12:00:00 host app[123]: </c>), Go's log package (<c>2024/05/01 12:00:00 </c>) and klog all fit.
/// A record whose variable tokens fit but a fixed one differs is another source's (<see cref="LogRecord.Foreign"/>).
/// </summary>
public sealed class TokenPrefixForm : LogLineForm
{
    private enum Kind { Time, Word, Stream, PartialTag, Fixed }

    private readonly (Kind Kind, byte[] Bytes)[] _tokens;
    private readonly int _finalSpaces;
    private readonly string _example;

    private TokenPrefixForm((Kind, byte[])[] tokens, int finalSpaces, string example)
    {
        _tokens = tokens;
        _finalSpaces = finalSpaces;
        _example = example;
    }

    public override string Description => $"log prefix like \"{_example}\"";

    private static readonly string[] Names =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>The form of <paramref name="prefix"/> (everything before the dump text), or null if it is blank.</summary>
    public static TokenPrefixForm? TryLearn(ReadOnlySpan<byte> prefix)
    {
        var tokens = new List<(Kind, byte[])>();
        var i = 0;
        while (i < prefix.Length)
        {
            while (i < prefix.Length && prefix[i] == (byte)' ') i++;
            if (i == prefix.Length) break;
            var end = i;
            while (end < prefix.Length && prefix[end] != (byte)' ') end++;
            var token = prefix[i..end];
            var previous = tokens.Count > 0 ? tokens[^1].Item1 : Kind.Fixed;
            tokens.Add((Classify(token, previous), token.ToArray()));
            i = end;
        }
        if (tokens.Count == 0) return null;
        var finalSpaces = 0;
        while (finalSpaces < prefix.Length && prefix[^(finalSpaces + 1)] == (byte)' ') finalSpaces++;
        return new TokenPrefixForm([.. tokens], finalSpaces, System.Text.Encoding.UTF8.GetString(prefix));
    }

    private static Kind Classify(ReadOnlySpan<byte> token, Kind previous)
    {
        if (token.SequenceEqual("stdout"u8) || token.SequenceEqual("stderr"u8)) return Kind.Stream;
        if (previous == Kind.Stream && (token.SequenceEqual("P"u8) || token.SequenceEqual("F"u8))) return Kind.PartialTag;
        var digits = 0;
        var timeLike = true;
        foreach (var c in token)
        {
            if (c is >= (byte)'0' and <= (byte)'9') digits++;
            else if (!IsTimePunctuation(c)) timeLike = false;
        }
        if (timeLike && digits > 0) return Kind.Time;
        if (token.Length == 3 && Array.IndexOf(Names, System.Text.Encoding.ASCII.GetString(token)) >= 0) return Kind.Word;
        return Kind.Fixed;
    }

    private static bool IsTimePunctuation(byte c) => c is (byte)'-' or (byte)'/' or (byte)':' or (byte)'.' or (byte)',' or (byte)'T' or (byte)'Z' or (byte)'+';

    public override LogRecord Unwrap(ReadOnlySpan<byte> record, out ReadOnlySpan<byte> text, out bool continues)
    {
        text = default;
        continues = false;
        var pos = 0;
        var fixedDiffers = false;
        var variable = false;
        for (var t = 0; t < _tokens.Length; t++)
        {
            if (t > 0)
            {
                // Between tokens any run of spaces: syslog pads "May  1", klog pads thread ids.
                if (pos >= record.Length || record[pos] != (byte)' ') return LogRecord.Unprefixed;
                while (pos < record.Length && record[pos] == (byte)' ') pos++;
            }
            var (kind, bytes) = _tokens[t];
            var start = pos;
            switch (kind)
            {
                case Kind.Time:
                    var digits = false;
                    for (; pos < record.Length && (record[pos] is >= (byte)'0' and <= (byte)'9' || IsTimePunctuation(record[pos])); pos++)
                        digits |= record[pos] is >= (byte)'0' and <= (byte)'9';
                    if (!digits) return LogRecord.Unprefixed;
                    variable = true;
                    break;
                case Kind.Word:
                    while (pos < record.Length && (record[pos] | 0x20) is >= (byte)'a' and <= (byte)'z') pos++;
                    if (pos == start) return LogRecord.Unprefixed;
                    variable = true;
                    break;
                case Kind.PartialTag:
                    if (pos >= record.Length || record[pos] is not ((byte)'P' or (byte)'F')) return LogRecord.Unprefixed;
                    continues = record[pos] == (byte)'P';
                    pos++;
                    variable = true;
                    break;
                default: // Stream and Fixed: the learned bytes, else another source's token
                    if (record[pos..].StartsWith(bytes)) pos += bytes.Length;
                    else
                    {
                        fixedDiffers = true;
                        while (pos < record.Length && record[pos] != (byte)' ') pos++;
                    }
                    break;
            }
            // A token ends at a space (or the record's end), unless the prefix ran straight into the text.
            if (t < _tokens.Length - 1 || _finalSpaces > 0)
                if (pos < record.Length && record[pos] != (byte)' ') return LogRecord.Unprefixed;
        }
        // A fixed token differing where the variable ones fit is the same format from another source; with no
        // variable token at all there is no format to speak of, only a line that lacks the prefix.
        if (fixedDiffers) return variable ? LogRecord.Foreign : LogRecord.Unprefixed;
        // The text begins after exactly the learned spaces (frame lines begin with a tab, which must survive);
        // a blank dump line may have lost its trailing space in the pipeline.
        for (var s = 0; s < _finalSpaces && pos < record.Length; s++, pos++)
            if (record[pos] != (byte)' ') return LogRecord.Unprefixed;
        text = record[pos..];
        return LogRecord.Text;
    }
}
