using LeakFinder.Analysis;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Check.Suppressions;

/// <summary>
/// The suppressions of every analysed file, looked up by a finding's file, for a whole `leakfinder check` run.
/// Files are keyed by full path, so a finding's path and the parsed file's name may differ in form (relative
/// vs absolute). Files without any directive cost one dictionary entry and no AST walk.
/// </summary>
public sealed class SuppressionIndex(string? baseDirectory = null, IReadOnlyCollection<RuleDescriptor>? knownRules = null)
{
    private readonly Dictionary<string, Suppressions> _byFile = new(StringComparer.Ordinal);
    private readonly string _baseDirectory = baseDirectory ?? Directory.GetCurrentDirectory();

    /// <summary>Reads a parsed file's directives (parse it with <see cref="ParserMode.ParseComments"/>).</summary>
    public void Add(ParseResult parsed, IEnumerable<(int StartLine, int EndLine)>? extraRanges = null) =>
        Add(Read(parsed, extraRanges));

    /// <summary>A parsed file's directives, as this index would read them, without adding them (a check reads
    /// them on the worker that has the file's tree and adds them later).</summary>
    public FileSuppressions Read(ParseResult parsed, IEnumerable<(int StartLine, int EndLine)>? extraRanges = null) =>
        new(parsed.TokenFile.Name, Suppressions.FromFile(parsed, extraRanges, knownRules));

    public void Add(FileSuppressions file) => _byFile[Key(file.File)] = file.Suppressions;

    public bool IsSuppressed(Diagnostic d) => _byFile.TryGetValue(Key(d.Span.File), out var s) && s.IsSuppressed(d);

    /// <summary>The findings not suppressed, in their order, and how many were.</summary>
    public (IReadOnlyList<Diagnostic> Kept, int Suppressed) Filter(IReadOnlyList<Diagnostic> findings)
    {
        var kept = new List<Diagnostic>(findings.Count);
        var suppressed = 0;
        foreach (var d in findings)
        {
            if (IsSuppressed(d)) suppressed++;
            else kept.Add(d);
        }
        return (kept, suppressed);
    }

    /// <summary>Malformed directives of every file, in file order.</summary>
    public IReadOnlyList<InputError> Errors() =>
        _byFile.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.Errors).ToList();

    /// <summary>Directives naming our rules that suppressed nothing, in file order (call after filtering).</summary>
    public IReadOnlyList<SuppressionDirective> UnusedSuppressions() =>
        _byFile.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.UnusedSuppressions()).ToList();

    private string Key(string path) => Path.GetFullPath(path, _baseDirectory);
}

/// <summary>The suppressions of one file, under the file's name as its token file gives it.</summary>
public sealed record FileSuppressions(string File, Suppressions Suppressions);
