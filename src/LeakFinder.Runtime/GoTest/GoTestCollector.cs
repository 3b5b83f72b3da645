using System.Text;
using LeakFinder.Runtime.Races;

namespace LeakFinder.Runtime.GoTest;

/// <summary>
/// Reads a `go test -json` stream record by record and keeps, per test, its result, the goroutines
/// leakcheck reported between its marker lines (or, for a failed test, the stacks it printed without them)
/// and its heap-growth lines; per package, the goroutine dump a timeout or a runtime deadlock ended it with;
/// and, for the race reader, the whole output text.
/// Streaming: memory follows the findings, not the length of the output (the race text aside, capped).
/// </summary>
public sealed class GoTestCollector
{
    /// <summary>Marker lines of go/leakcheck (leakcheck.BeginMarker, EndMarker, HeapMarker).</summary>
    public const string BeginMarker = "leakcheck: begin leaked goroutines";
    public const string EndMarker = "leakcheck: end leaked goroutines";
    public const string HeapMarker = "leakcheck: heap grew";

    private const string TimeoutPanic = "panic: test timed out after ";
    private const string AllAsleep = "fatal error: all goroutines are asleep - deadlock!";
    /// <summary>Output kept for the race reader; a run printing more is read up to here.</summary>
    public const int MaxRaceTextChars = 64 << 20;
    private const int MaxOtherLines = 1000;
    /// <summary>Stacks kept per report: more is read up to here (a report is the goroutines of one test).</summary>
    private const int MaxUnmarkedChars = 16 << 20;

    private readonly GoTestReport _report;
    private readonly Dictionary<(string Package, string? Test), GoTestCase> _cases = [];
    private readonly Dictionary<(string Package, string? Test), StringBuilder> _partialLines = [];
    private readonly Dictionary<(string Package, string? Test), IndentedBlock> _openBlocks = [];
    private readonly Dictionary<string, HangCapture> _hangs = [];
    private readonly Dictionary<(string Package, string? Test), IndentedBlock> _unmarked = [];
    private readonly HashSet<(string Package, string? Test)> _panicked = [];
    /// <summary>Each package's output for the race reader, kept apart: `go test` runs packages in parallel and their
    /// lines interleave, while the reader names a report's test by the `=== RUN` lines before it.</summary>
    private readonly Dictionary<string, StringBuilder> _raceText = new(StringComparer.Ordinal);
    private readonly List<string> _raceOrder = [];
    private long _raceChars;
    private bool _sawRace;

    public GoTestCollector(IReadOnlyList<string> goArguments) => _report = new GoTestReport { GoArguments = goArguments };

    private bool RaceTextTruncated
    {
        get => _report.RaceTextTruncated;
        set => _report.RaceTextTruncated = value;
    }

    /// <summary>One line of go's standard output: a test2json record, or plain text go printed itself.</summary>
    public void AddLine(string line)
    {
        if (TestEvent.TryParse(line, out var e)) Add(e!);
        else if (BuildFailure(line) is var (package, note))
        {
            var failed = Case(package, null);
            failed.Outcome = TestOutcome.Failed;
            failed.FailureNote = note;
        }
        else if (line.Length > 0 && _report.OtherOutput.Count < MaxOtherLines) _report.OtherOutput.Add(line);
    }

    /// <summary>
    /// Before Go 1.24, go test -json prints a package that did not compile as plain "FAIL\tpkg [build failed]"
    /// (or "[setup failed]"), with no record: the package failed, and its tests never ran.
    /// </summary>
    private static (string Package, string Note)? BuildFailure(string line)
    {
        if (!line.StartsWith("FAIL\t", StringComparison.Ordinal) || !line.EndsWith(" failed]", StringComparison.Ordinal)) return null;
        var open = line.LastIndexOf(" [", StringComparison.Ordinal);
        if (open <= "FAIL\t".Length) return null;
        return (line["FAIL\t".Length..open], line[(open + 2)..^1]);
    }

    public void Add(TestEvent e)
    {
        if (e.Package is not { } package)
        {
            // Go 1.24+ reports compiler output as records of their own ("build-output", with ImportPath, no Package).
            if (e.Output is { Length: > 0 } text && _report.OtherOutput.Count < MaxOtherLines) _report.OtherOutput.Add(text.TrimEnd('\n'));
            return;
        }
        var key = (package, e.Test);
        var testCase = Case(package, e.Test);
        switch (e.Action)
        {
            case "output" when e.Output != null:
                AddOutput(key, e.Output);
                break;
            case "pass" or "fail" or "skip":
                FlushPartial(key);
                testCase.Outcome = e.Action switch { "pass" => TestOutcome.Passed, "fail" => TestOutcome.Failed, _ => TestOutcome.Skipped };
                testCase.Elapsed = e.Elapsed;
                FinishUnmarked(key, testCase);
                if (e.Test == null) FinishPackage(package);
                break;
        }
    }

    /// <summary>Ends the stream: what is still open (a package killed mid-dump) is read as it stands; then the races.</summary>
    public GoTestReport Finish(int goExitCode)
    {
        foreach (var key in _partialLines.Keys.ToList()) FlushPartial(key);
        foreach (var package in _hangs.Keys.Concat(_openBlocks.Keys.Select(k => k.Package)).Distinct().ToList()) FinishPackage(package);
        _report.GoExitCode = goExitCode;
        if (_sawRace)
        {
            var all = new StringBuilder();
            foreach (var package in _raceOrder) all.Append(_raceText[package]);
            _report.Races = RaceAnalysis.Analyze(new StringReader(all.ToString()), "go test output");
        }
        return _report;
    }

    private GoTestCase Case(string package, string? test)
    {
        if (_cases.TryGetValue((package, test), out var c)) return c;
        c = new GoTestCase { Package = package, Test = test };
        _cases[(package, test)] = c;
        (test == null ? _report.Packages : _report.Tests).Add(c);
        return c;
    }

    // test2json passes output on as it comes: a long line, or one the test wrote without its newline, may
    // arrive in pieces; lines are read whole.
    private void AddOutput((string Package, string? Test) key, string output)
    {
        var start = 0;
        while (start < output.Length)
        {
            var newline = output.IndexOf('\n', start);
            if (newline < 0)
            {
                if (!_partialLines.TryGetValue(key, out var partial)) _partialLines[key] = partial = new StringBuilder();
                partial.Append(output, start, output.Length - start);
                return;
            }
            var piece = output[start..newline];
            if (_partialLines.Remove(key, out var pending)) piece = pending.Append(piece).ToString();
            AddOutputLine(key, piece);
            start = newline + 1;
        }
    }

    private void FlushPartial((string Package, string? Test) key)
    {
        if (_partialLines.Remove(key, out var pending) && pending.Length > 0) AddOutputLine(key, pending.ToString());
    }

    private void AddOutputLine((string Package, string? Test) key, string line)
    {
        KeepForRaces(key.Package, line);
        if (_hangs.TryGetValue(key.Package, out var hang))
        {
            hang.Append(line);
            return;
        }
        if (_openBlocks.TryGetValue(key, out var block))
        {
            if (line.AsSpan().Trim().SequenceEqual(EndMarker))
            {
                _openBlocks.Remove(key);
                AddLeaks(key, block.Text);
            }
            else block.Append(line);
            return;
        }
        var trimmed = line.AsSpan().TrimStart();
        if (trimmed.TrimEnd().SequenceEqual(BeginMarker))
        {
            _openBlocks[key] = new IndentedBlock(line.Length - trimmed.Length);
            _unmarked.Remove(key);
            return;
        }
        if (line.StartsWith("panic: ", StringComparison.Ordinal)
            || (line.StartsWith("fatal error: ", StringComparison.Ordinal) && !line.StartsWith(AllAsleep, StringComparison.Ordinal)))
            _panicked.Add(key);
        if (_unmarked.TryGetValue(key, out var unmarked)) unmarked.Append(line);
        else if (IsGoroutineHeader(trimmed)) (_unmarked[key] = new IndentedBlock(line.Length - trimmed.Length)).Append(line);
        if (trimmed.IndexOf(HeapMarker, StringComparison.Ordinal) >= 0)
        {
            Case(key.Package, key.Test).HeapGrowth.Add(trimmed.ToString());
            return;
        }
        if (line.StartsWith(TimeoutPanic, StringComparison.Ordinal) || line.StartsWith(AllAsleep, StringComparison.Ordinal))
        {
            var reason = line.StartsWith(TimeoutPanic, StringComparison.Ordinal) ? line["panic: ".Length..] : line["fatal error: ".Length..];
            _hangs[key.Package] = hang = new HangCapture(key.Test, reason);
            hang.Append(line);
        }
    }

    // "goroutine 7 [chan send]:" (any state, wait time or Go 1.23 gp= fields): a stack the test printed itself.
    private static bool IsGoroutineHeader(ReadOnlySpan<char> line)
    {
        if (!line.StartsWith("goroutine ", StringComparison.Ordinal) || !line.EndsWith("]:", StringComparison.Ordinal)) return false;
        var rest = line["goroutine ".Length..];
        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
        return digits > 0 && rest[digits..].Contains(" [", StringComparison.Ordinal);
    }

    /// <summary>
    /// A failed test that printed goroutine stacks without leakcheck's markers (goleak's "found unexpected
    /// goroutines", a t.Fatalf with runtime.Stack) reported them as leaked: they are read the same way. A
    /// panic's or a fatal error's dump is not a leak report, and a test that passed reported nothing.
    /// </summary>
    private void FinishUnmarked((string Package, string? Test) key, GoTestCase testCase)
    {
        if (!_unmarked.Remove(key, out var dump)) return;
        if (testCase.Outcome != TestOutcome.Failed || _panicked.Contains(key) || testCase.Leaks.Count > 0) return;
        AddLeaks(key, dump.Text);
    }

    private void KeepForRaces(string package, string line)
    {
        if (line.Contains(RaceParser.Warning, StringComparison.Ordinal)) _sawRace = true;
        if (RaceTextTruncated) return;
        if (_raceChars + line.Length + 1 > MaxRaceTextChars)
        {
            RaceTextTruncated = true;
            return;
        }
        if (!_raceText.TryGetValue(package, out var text))
        {
            _raceText[package] = text = new StringBuilder();
            _raceOrder.Add(package);
        }
        text.Append(line).Append('\n');
        _raceChars += line.Length + 1;
    }

    private void AddLeaks((string Package, string? Test) key, string dump)
    {
        var groups = GoroutineGroups.Read(dump, $"{key.Package} {key.Test ?? "TestMain"}", keepBenign: true, out _);
        Case(key.Package, key.Test).Leaks.AddRange(groups);
    }

    private void FinishPackage(string package)
    {
        foreach (var key in _openBlocks.Keys.Where(k => k.Package == package).ToList())
        {
            // A report cut short (the binary died while printing it): read what arrived.
            AddLeaks(key, _openBlocks[key].Text);
            _openBlocks.Remove(key);
        }
        if (!_hangs.Remove(package, out var hang)) return;
        var blocked = GoroutineGroups.Read(hang.Text, $"{package} {hang.Test ?? ""}".TrimEnd(), keepBenign: false, out var total);
        var tests = hang.RunningTests.Count > 0 ? hang.RunningTests : hang.Test != null ? [hang.Test] : new List<string>();
        _report.Hangs.Add(new HangReport(package, tests, hang.Reason, blocked, total));
    }

    /// <summary>Lines between the markers (or after an unmarked goroutine header), with the indentation the first line had (package testing's) removed.</summary>
    private sealed class IndentedBlock(int indent)
    {
        private readonly StringBuilder _text = new();
        public string Text => _text.ToString();

        public void Append(string line)
        {
            if (_text.Length > MaxUnmarkedChars) return;
            var strip = 0;
            while (strip < indent && strip < line.Length && line[strip] == ' ') strip++;
            _text.Append(line, strip, line.Length - strip).Append('\n');
        }
    }

    /// <summary>
    /// The dump after a timeout panic or the runtime's deadlock error. Go 1.20+ names the running tests
    /// ("running tests:" then a tab-indented "TestX (10m0s)" per test); before that test2json's attribution
    /// (the last test that started) is all there is.
    /// </summary>
    private sealed class HangCapture(string? test, string reason)
    {
        private readonly StringBuilder _text = new();
        private bool _inRunningTests;
        public string? Test => test;
        public string Reason => reason;
        public List<string> RunningTests { get; } = [];
        public string Text => _text.ToString();

        public void Append(string line)
        {
            if (_text.Length < MaxRaceTextChars) _text.Append(line).Append('\n');
            if (line == "running tests:")
            {
                _inRunningTests = true;
                return;
            }
            if (!_inRunningTests) return;
            if (line.StartsWith('\t') && line.Length > 1)
            {
                var name = line[1..];
                var paren = name.LastIndexOf(" (", StringComparison.Ordinal);
                RunningTests.Add(paren > 0 ? name[..paren] : name);
            }
            else _inRunningTests = false;
        }
    }
}
