using System.Text;
using System.Text.Json;

namespace LeakFinder.Runtime.Goroutines.LogLines;

/// <summary>
/// One JSON object per line, the dump text in one of its string fields: Docker's json-file driver
/// (<c>{"log":"goroutine 1 [running]:\n","stream":"stderr","time":"..."}</c>), and log shippers that keep a
/// line per record under another name. The field is the one whose value held the goroutine header; a "stream"
/// field, when present, must keep its learned value. When the header's value ended with a newline, a record
/// without one continues in the next (Docker splits lines at 16 KiB). The text may itself carry a prefix,
/// learned the same way.
/// </summary>
public sealed class JsonLinesForm : LogLineForm
{
    private readonly byte[] _field;
    private readonly byte[]? _stream;
    private readonly bool _newlineTerminated;
    private readonly LogLineForm? _inner;
    private byte[] _buffer = new byte[4096];

    private JsonLinesForm(byte[] field, byte[]? stream, bool newlineTerminated, LogLineForm? inner)
    {
        _field = field;
        _stream = stream;
        _newlineTerminated = newlineTerminated;
        _inner = inner;
    }

    public override string Description =>
        $"JSON lines, text in \"{Encoding.UTF8.GetString(_field)}\"" +
        (_stream != null ? $" of stream \"{Encoding.UTF8.GetString(_stream)}\"" : "") +
        (_inner != null ? $", then {_inner.Description}" : "");

    /// <summary>The form of a JSON record one of whose top-level string fields holds a goroutine header.</summary>
    public static JsonLinesForm? TryLearn(ReadOnlySpan<byte> record)
    {
        byte[]? field = null, stream = null;
        string? value = null;
        try
        {
            var reader = new Utf8JsonReader(record);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!reader.Read()) return null;
                if (reader.TokenType == JsonTokenType.String)
                {
                    var text = reader.GetString()!;
                    if (name == "stream") stream = Encoding.UTF8.GetBytes(text);
                    else if (field == null && HeaderAt(Encoding.UTF8.GetBytes(text)) >= 0) { field = Encoding.UTF8.GetBytes(name); value = text; }
                }
                else reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that does not decode (invalid UTF-8, a lone surrogate escape): not this form.
            return null;
        }
        if (field == null || value == null) return null;
        var bytes = Encoding.UTF8.GetBytes(value);
        // A prefix inside the text is what precedes the header on its own line ("panic: ...\n\n" may come first).
        var at = HeaderAt(bytes);
        var lineStart = bytes.AsSpan(0, at).LastIndexOf((byte)'\n') + 1;
        var inner = at > lineStart ? Learn(bytes.AsSpan(lineStart), at - lineStart) : null;
        if (at > lineStart && inner == null) return null;
        return new JsonLinesForm(field, stream, value.EndsWith('\n'), inner);
    }

    public override LogRecord Unwrap(ReadOnlySpan<byte> record, out ReadOnlySpan<byte> text, out bool continues)
    {
        text = default;
        continues = false;
        if (record.IsEmpty || record[0] != (byte)'{') return LogRecord.Unprefixed;
        var length = -1;
        var streamMatches = _stream == null;
        try
        {
            var reader = new Utf8JsonReader(record);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isField = reader.ValueTextEquals(_field);
                var isStream = _stream != null && reader.ValueTextEquals("stream"u8);
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) { reader.Skip(); continue; }
                if (isField) length = CopyString(ref reader);
                else if (isStream) streamMatches = reader.ValueTextEquals(_stream);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // A record cut mid-way (the last line of a truncated file), not JSON at all, or a name that does not decode.
            return LogRecord.Unprefixed;
        }
        if (length < 0 || !streamMatches) return LogRecord.Foreign;
        text = _buffer.AsSpan(0, length);
        if (_newlineTerminated)
        {
            if (text.EndsWith("\n"u8)) text = text[..^1];
            else continues = true;
        }
        if (_inner == null) return LogRecord.Text;
        var kind = _inner.Unwrap(text, out var innerText, out var innerContinues);
        if (kind == LogRecord.Text) { text = innerText; continues |= innerContinues; }
        return kind == LogRecord.Foreign ? LogRecord.Foreign : LogRecord.Text;
    }

    // Unescaped, the value is never longer than its escaped form. A value that does not decode (invalid UTF-8,
    // "\ud800" without its low half: Docker never writes them, a damaged or hostile log may) is kept as its
    // raw text, so one bad record costs at most its own line.
    private int CopyString(ref Utf8JsonReader reader)
    {
        var needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (_buffer.Length < needed) _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
        try
        {
            return reader.CopyString(_buffer);
        }
        catch (InvalidOperationException)
        {
            if (reader.HasValueSequence) System.Buffers.BuffersExtensions.CopyTo(reader.ValueSequence, _buffer);
            else reader.ValueSpan.CopyTo(_buffer);
            return needed;
        }
    }
}
