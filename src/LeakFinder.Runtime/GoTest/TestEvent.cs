using System.Text.Json;

namespace LeakFinder.Runtime.GoTest;

/// <summary>
/// One record of `go test -json` (cmd/test2json): Action is run, pause, cont, pass, bench, fail, output,
/// skip (and start in Go 1.20+); Test is null for package-level records; Output is one line or a part of one.
/// </summary>
public sealed record TestEvent(string Action, string? Package, string? Test, string? Output, double? Elapsed)
{
    /// <summary>
    /// Reads one line of the stream; false for a line that is no test2json record (go prints build errors and
    /// some messages as plain text), which the caller treats as package-less output.
    /// </summary>
    public static bool TryParse(string line, out TestEvent? e)
    {
        e = null;
        if (line.Length == 0 || line[0] != '{') return false;
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return false;
            string? action = null, package = null, test = null, output = null;
            double? elapsed = null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "Action" when p.Value.ValueKind == JsonValueKind.String: action = p.Value.GetString(); break;
                    case "Package" when p.Value.ValueKind == JsonValueKind.String: package = p.Value.GetString(); break;
                    case "Test" when p.Value.ValueKind == JsonValueKind.String: test = p.Value.GetString(); break;
                    case "Output" when p.Value.ValueKind == JsonValueKind.String: output = p.Value.GetString(); break;
                    case "Elapsed" when p.Value.ValueKind == JsonValueKind.Number: elapsed = p.Value.GetDouble(); break;
                }
            }
            if (action == null) return false;
            e = new TestEvent(action, string.IsNullOrEmpty(package) ? null : package, string.IsNullOrEmpty(test) ? null : test, output, elapsed);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string with a lone surrogate escape ("\ud800") has no .NET string.
            return false;
        }
    }
}
