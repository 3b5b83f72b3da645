using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LeakFinder.Runtime.Goroutines.LogLines;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Output;

namespace LeakFinder.Runtime.Races;

/// <summary>What a race-detector log held besides its reports (which go, one by one, to the caller): counts and what could not be read.</summary>
public sealed class RaceLog
{
    /// <summary>Complete reports read.</summary>
    public int Reports { get; set; }
    public long TotalLines { get; set; }
    /// <summary>Lines outside race reports: test output, the program's own output.</summary>
    public long OtherLines { get; set; }
    /// <summary>The log prefix learned from a wrapped `WARNING: DATA RACE` line, when the output came through a log pipeline.</summary>
    public string? LogPrefix { get; set; }
    /// <summary>"Found N data race(s)" of a -race binary's exit, when present.</summary>
    public int? FoundCount { get; set; }
    public required WarningList Warnings { get; init; }
}

/// <summary>
/// A streaming reader of Go race-detector output (a -race binary's stderr, or `go test -race` output with test
/// output between the reports), one state per line kind as the dump parser: outside a report; in a report's
/// access stack ("Read at ... by goroutine N:", "Previous write at ..."); in a goroutine's creation stack
/// ("Goroutine N (running) created at:"). A report ends at its "==================" line. Lines that belong to
/// no state inside a report (test output written between the detector's writes) are skipped. When the first
/// `WARNING: DATA RACE` sits behind a log prefix (a CI timestamp, Go's log package) the prefix is learned as
/// the dump reader learns it, and every later line is unwrapped.
/// </summary>
public static partial class RaceParser
{
    public const string Warning = "WARNING: DATA RACE";
    private const string Rule = "==================";
    /// <summary>Frames kept per stack: the detector prints at most 64 (its history depth); more is garbage.</summary>
    public const int MaxFrames = 256;
    /// <summary>Lines of other output inside one report before it is taken as cut short.</summary>
    private const int MaxStrayLines = 64;

    // "Read at 0x00c000012028 by goroutine 7:", "Previous write at 0x... by main goroutine:", "Atomic write at ..."
    [GeneratedRegex(@"^(?<prev>Previous )?(?<atomic>[Aa]tomic )?(?<op>[Rr]ead|[Ww]rite) at 0x[0-9a-fA-F]+ by (?:goroutine (?<g>\d{1,18})|(?<main>main goroutine)):$", RegexOptions.CultureInvariant)]
    private static partial Regex AccessLine();

    // "Goroutine 7 (running) created at:"
    [GeneratedRegex(@"^Goroutine (?<g>\d{1,18}) \((?<state>[a-z ]+)\) created at:$", RegexOptions.CultureInvariant)]
    private static partial Regex GoroutineLine();

    // "      /path/to/file.go:42 +0x1f" (the offset is absent in some frames)
    [GeneratedRegex(@"^      (?<file>.+):(?<line>\d+)(?: \+0x[0-9a-fA-F]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FileLine();

    [GeneratedRegex(@"^Found (?<n>\d{1,9}) data race\(s\)$", RegexOptions.CultureInvariant)]
    private static partial Regex FoundLine();

    /// <summary>
    /// Reads <paramref name="reader"/>, handing each complete report to <paramref name="onRace"/> as it ends, so
    /// memory follows the distinct pairs the caller keeps, not the number of reports. <paramref name="onTestEnded"/>
    /// gets the test a "--- FAIL: TestX" line names: it printed the reports since the previous such line that had no test.
    /// </summary>
    public static RaceLog Parse(TextReader reader, string name, Action<DataRace> onRace, Action<string> onTestEnded) =>
        new Reader(name, onRace, onTestEnded).Run(reader);

    private sealed class Reader(string name, Action<DataRace> onRace, Action<string> onTestEnded)
    {
        private enum State { Outside, Report, AccessStack, GoroutineStack }

        private readonly RaceLog _log = new() { Warnings = new WarningList(name) };
        private State _state = State.Outside;
        private long _lineNumber;
        private LogLineForm? _form;
        private string? _test;

        // The report being read.
        private long _reportLine;
        private List<RaceAccess> _accesses = [];
        private List<RaceGoroutine> _goroutines = [];
        private List<RaceFrame> _frames = [];
        private Match? _header;
        private string? _pendingFunction;
        private int _strays;

        public RaceLog Run(TextReader reader)
        {
            var lines = new BoundedLineReader(reader);
            string? raw;
            while ((raw = lines.ReadLine(out var cut)) != null)
            {
                _lineNumber++;
                if (cut) _log.Warnings.Add(_lineNumber, $"line longer than {BoundedLineReader.MaxLineChars >> 20} Mi characters, cut");
                if (_lineNumber <= 100 && raw.Contains('\0'))
                    throw new RaceFormatException($"{name}: binary data (a NUL byte on line {_lineNumber}), not race detector output");
                if (Unwrap(raw) is { } line) Read(line);
            }
            if (_state != State.Outside) EndReport(complete: false);
            _log.TotalLines = _lineNumber;
            return _log;
        }

        /// <summary>The text of a line once a log prefix is known; null for a record of another source.</summary>
        private string? Unwrap(string raw)
        {
            if (raw.StartsWith("{\"", StringComparison.Ordinal) && IsTestJson(raw, out var output)) return output;
            if (_form is null)
            {
                var at = raw.IndexOf(Warning, StringComparison.Ordinal);
                if (at <= 0 || raw.AsSpan(0, at).Trim().Length == 0) return raw;
                var bytes = Encoding.UTF8.GetBytes(raw);
                _form = LogLineForm.Learn(bytes, Encoding.UTF8.GetByteCount(raw.AsSpan(0, at)));
                if (_form is null) return raw[at..];
                _log.LogPrefix = _form.Description;
            }
            var record = Encoding.UTF8.GetBytes(raw);
            return _form.Unwrap(record, out var text, out _) switch
            {
                LogRecord.Text => Encoding.UTF8.GetString(text),
                LogRecord.Foreign => null,
                _ => raw,
            };
        }

        /// <summary>
        /// `go test -json` (test2json) carries each output line in the "Output" of an "output" record, and the
        /// test it belongs to in "Test". True for such a record, with its text, or null for another action (run, pass).
        /// </summary>
        private bool IsTestJson(string raw, out string? text)
        {
            text = null;
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(raw);
                var root = doc.RootElement;
                if (root.ValueKind != System.Text.Json.JsonValueKind.Object || !root.TryGetProperty("Action", out var action)
                    || action.ValueKind != System.Text.Json.JsonValueKind.String) return false;
                _log.LogPrefix ??= "go test -json output";
                if (root.TryGetProperty("Test", out var test) && test.ValueKind == System.Text.Json.JsonValueKind.String && _state == State.Outside)
                    _test = test.GetString();
                if (action.GetString() != "output" || !root.TryGetProperty("Output", out var output) || output.ValueKind != System.Text.Json.JsonValueKind.String)
                    _log.OtherLines++;
                else
                    text = output.GetString()!.TrimEnd('\n');
                return true;
            }
            catch (System.Text.Json.JsonException)
            {
                return false; // not JSON: a line of text that happens to start with {"
            }
            catch (InvalidOperationException)
            {
                // A string that does not decode (a lone surrogate escape): the record is skipped, not the input.
                _log.Warnings.Add(_lineNumber, "a go test -json record whose text does not decode, skipped");
                return true;
            }
        }

        private void Read(string line)
        {
            if (line.StartsWith(Warning, StringComparison.Ordinal))
            {
                if (_state != State.Outside) EndReport(complete: false);
                StartReport();
                return;
            }
            if (_state == State.Outside)
            {
                ReadOutside(line);
                return;
            }
            if (line == Rule) { EndReport(complete: true); return; }
            if (AccessLine().Match(line) is { Success: true } access)
            {
                EndStack();
                _header = access;
                _state = State.AccessStack;
                return;
            }
            if (GoroutineLine().Match(line) is { Success: true } goroutine)
            {
                EndStack();
                _header = goroutine;
                _state = State.GoroutineStack;
                return;
            }
            if (_state is State.AccessStack or State.GoroutineStack && ReadFrameLine(line)) return;
            if (line.Length == 0) return; // blank lines separate the sections
            if (++_strays > MaxStrayLines) EndReport(complete: false);
            else _log.OtherLines++;
        }

        private void ReadOutside(string line)
        {
            // Test progress: which test printed the reports that follow. Found anywhere in the line, since before
            // the first report no log prefix is known yet to strip.
            if ((After(line, "=== RUN ") ?? After(line, "=== CONT ")) is { } running)
                _test = running.Trim();
            else if ((After(line, "--- FAIL: ") ?? After(line, "--- PASS: ")) is { } finished)
            {
                // Without -v there are no RUN lines: the test's result line comes after its reports.
                onTestEnded(finished.Split(' ', 2)[0]);
                _test = null;
            }
            else if (FoundLine().Match(line) is { Success: true } found)
                _log.FoundCount = int.Parse(found.Groups["n"].ValueSpan, CultureInfo.InvariantCulture);
            _log.OtherLines++;
        }

        // The rest of a top-level test line (a subtest's result is indented: it names no new top-level test).
        private static string? After(string line, string marker)
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            return at == 0 || (at > 0 && !line.AsSpan(0, at).IsWhiteSpace())
                ? line[(at + marker.Length)..]
                : null;
        }

        /// <summary>"  pkg.Func()" then "      /file.go:42 +0x1f"; false for a line that is neither.</summary>
        private bool ReadFrameLine(string line)
        {
            if (line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal))
            {
                // "  [failed to restore the stack]" is a frame line with nothing to keep.
                _pendingFunction = line.StartsWith("  [", StringComparison.Ordinal) ? null : TrimCall(line[2..]);
                return true;
            }
            if (_pendingFunction != null && FileLine().Match(line) is { Success: true } file)
            {
                if (_frames.Count < MaxFrames && int.TryParse(file.Groups["line"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    _frames.Add(new RaceFrame(_pendingFunction, file.Groups["file"].Value, n));
                _pendingFunction = null;
                return true;
            }
            return false;
        }

        // "pkg.Func()" and "pkg.(*T).Method()": the detector prints no arguments, only the parentheses.
        private static string TrimCall(string function) => function.EndsWith("()", StringComparison.Ordinal) ? function[..^2] : function;

        private void StartReport()
        {
            _state = State.Report;
            _reportLine = _lineNumber;
            _accesses = [];
            _goroutines = [];
            _frames = [];
            _header = null;
            _pendingFunction = null;
            _strays = 0;
        }

        private void EndStack()
        {
            if (_header is { } h)
            {
                if (_state == State.AccessStack)
                    _accesses.Add(new RaceAccess(
                        IsWrite: h.Groups["op"].Value.Equals("write", StringComparison.OrdinalIgnoreCase),
                        IsPrevious: h.Groups["prev"].Success,
                        IsAtomic: h.Groups["atomic"].Success,
                        Goroutine: h.Groups["g"].Success ? long.Parse(h.Groups["g"].ValueSpan, CultureInfo.InvariantCulture) : null,
                        Stack: _frames));
                else if (_state == State.GoroutineStack)
                    _goroutines.Add(new RaceGoroutine(long.Parse(h.Groups["g"].ValueSpan, CultureInfo.InvariantCulture), h.Groups["state"].Value, _frames));
            }
            _header = null;
            _frames = [];
            _pendingFunction = null;
            _state = State.Report;
        }

        private void EndReport(bool complete)
        {
            EndStack();
            _state = State.Outside;
            if (_accesses.Count != 2)
            {
                _log.Warnings.Add(_reportLine, $"race report with {_accesses.Count} access{(_accesses.Count == 1 ? "" : "es")} (two expected){(complete ? "" : ", cut short")}: not counted");
                return;
            }
            if (!complete) _log.Warnings.Add(_reportLine, "race report without its closing ================== line (cut short, or output mixed in)");
            _log.Reports++;
            onRace(new DataRace(_reportLine, _test, _accesses, _goroutines));
        }
    }
}

/// <summary>Input that is not race-detector output at all (binary data): exit 2.</summary>
public sealed class RaceFormatException(string message) : InputException(message);
