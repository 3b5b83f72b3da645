using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LeakFinder.Reporting;

/// <summary>
/// One Utf8JsonWriter setup for the JSON and SARIF formats: indented with '\n' line ends on every OS, and
/// non-ASCII and HTML-sensitive characters left as they are (the output is data, not HTML).
/// </summary>
internal static class JsonWriting
{
    public static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteTo(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
            write(w);
        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }
}
