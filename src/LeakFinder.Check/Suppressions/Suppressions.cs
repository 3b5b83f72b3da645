using LeakFinder.Analysis;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Check.Suppressions;

/// <summary>
/// The suppression comments of one Go file and the lines each covers:
/// <list type="bullet">
/// <item>`//nolint[:checks]` trailing code covers its line; on a line of its own it covers the declaration or
/// statement that starts on the line after its comment group (whole, as golangci-lint does), else nothing more;</item>
/// <item>`//lint:ignore checks reason` covers the declaration or statement after its comment group, or that line;</item>
/// <item>`//lint:file-ignore checks reason` covers the file.</item>
/// </list>
/// Checks are rule ids, names, categories, "leakfinder", "all" or id prefixes ("LF1*"); other linters' words
/// are ignored. Lines are the positions Go tools print (adjusted by //line directives), as diagnostics carry.
/// Not thread-safe: IsSuppressed records which directives were used.
/// </summary>
public sealed class Suppressions
{
    private readonly List<SuppressionDirective> _directives = [];
    private readonly List<bool> _used = [];
    private readonly List<InputError> _errors = [];

    private Suppressions() { }

    /// <summary>A file's directives as <see cref="FromFile"/> read them earlier (the findings cache keeps them
    /// for packages it does not parse again), none used yet.</summary>
    public static Suppressions Of(IEnumerable<SuppressionDirective> directives, IEnumerable<InputError> errors)
    {
        var s = new Suppressions();
        s._directives.AddRange(directives);
        s._used.AddRange(s._directives.Select(_ => false));
        s._errors.AddRange(errors);
        return s;
    }

    /// <summary>Directives that concern LeakFinder (bare //nolint included), in source order.</summary>
    public IReadOnlyList<SuppressionDirective> Directives => _directives;

    /// <summary>Malformed directives aimed at LeakFinder, e.g. `//lint:ignore LF1002` without a reason.</summary>
    public IReadOnlyList<InputError> Errors => _errors;

    /// <summary>
    /// Reads the directives of a file parsed with <see cref="ParserMode.ParseComments"/>. The file's top-level
    /// declarations, their specs and every statement count as the "declarations" an own-line directive covers;
    /// <paramref name="extraRanges"/> adds more (1-based inclusive line ranges), e.g. from another front end.
    /// <paramref name="knownRules"/> (default: every registered rule) tells rule names from other linters' words.
    /// </summary>
    public static Suppressions FromFile(ParseResult parsed, IEnumerable<(int StartLine, int EndLine)>? extraRanges = null, IReadOnlyCollection<RuleDescriptor>? knownRules = null)
    {
        // Rule names ("http-body-not-closed") are recognised as ours only against a rule list: LeakFinder's own
        // by default, so `//nolint:http-body-not-closed` works without the caller passing anything.
        knownRules ??= (IReadOnlyCollection<RuleDescriptor>)Analysis.Engine.RuleRegistry.Descriptors;
        var s = new Suppressions();
        var file = parsed.File;
        var tokens = parsed.TokenFile;
        Dictionary<int, int>? nodeEnds = null; // start line -> last line of the largest node starting there
        Dictionary<int, int>? firstTokens = null; // raw line -> offset of its first token
        foreach (var group in file.Comments)
        {
            var groupEnd = tokens.Position(group.End()).Line;
            foreach (var comment in group.List)
            {
                var outcome = DirectiveParser.Parse(comment.Text, out var checks, out var reason, out var problem);
                if (outcome == DirectiveParser.Outcome.None) continue;
                if (checks.Count > 0 && !checks.Exists(c => SuppressionTargets.IsOurs(c, knownRules))) continue;
                var at = tokens.Position(comment.Slash);
                if (outcome == DirectiveParser.Outcome.Malformed)
                {
                    if (checks.Count == 0 || checks.Exists(c => SuppressionTargets.IsOurs(c, knownRules)))
                        s._errors.Add(new InputError(tokens.Name, at.Line, at.Column, problem));
                    continue;
                }
                int from, to;
                if (outcome == DirectiveParser.Outcome.LintFileIgnore)
                    (from, to) = (1, int.MaxValue);
                else if (outcome == DirectiveParser.Outcome.NoLint && IsTrailing(parsed, comment, firstTokens ??= FirstTokenOffsets(parsed)))
                    (from, to) = (at.Line, at.Line);
                else
                {
                    nodeEnds ??= NodeRanges(parsed, extraRanges);
                    var next = groupEnd + 1;
                    from = outcome == DirectiveParser.Outcome.NoLint ? at.Line : next;
                    to = nodeEnds.TryGetValue(next, out var end) ? end : outcome == DirectiveParser.Outcome.NoLint ? at.Line : next;
                }
                s._directives.Add(new SuppressionDirective(tokens.Name, at.Line, at.Column, ToKind(outcome), checks, reason, from, to));
                s._used.Add(false);
            }
        }
        return s;
    }

    /// <summary>True when a directive covers the finding's line and rule; the directive then counts as used.</summary>
    public bool IsSuppressed(Diagnostic d)
    {
        var suppressed = false;
        for (var i = 0; i < _directives.Count; i++)
        {
            var dir = _directives[i];
            if (d.Span.Line < dir.FromLine || d.Span.Line > dir.ToLine) continue;
            if (dir.Checks.Count > 0 && !dir.Checks.Any(c => SuppressionTargets.Covers(c, d.Rule))) continue;
            _used[i] = true; // every directive that covers it is used, not just the first
            suppressed = true;
        }
        return suppressed;
    }

    /// <summary>
    /// Directives naming LeakFinder's rules that suppressed nothing (for --report-unused-suppressions). A bare
    /// `//nolint` is never listed: it may be there for another linter.
    /// </summary>
    public IReadOnlyList<SuppressionDirective> UnusedSuppressions()
    {
        var unused = new List<SuppressionDirective>();
        for (var i = 0; i < _directives.Count; i++)
            if (!_used[i] && _directives[i].Checks.Count > 0) unused.Add(_directives[i]);
        return unused;
    }

    private static DirectiveKind ToKind(DirectiveParser.Outcome o) => o switch
    {
        DirectiveParser.Outcome.NoLint => DirectiveKind.NoLint,
        DirectiveParser.Outcome.LintIgnore => DirectiveKind.LintIgnore,
        _ => DirectiveKind.LintFileIgnore,
    };

    private static bool IsTrailing(ParseResult parsed, Comment comment, Dictionary<int, int> firstTokens)
    {
        var offset = parsed.TokenFile.Offset(comment.Slash);
        return firstTokens.TryGetValue(parsed.TokenFile.RawLine(offset), out var first) && first < offset;
    }

    /// <summary>
    /// For each raw line, the smallest offset at which a node starts or ends on it: every token lies at the start
    /// or end of some node, so a comment is trailing code exactly when its line has an earlier offset here.
    /// </summary>
    private static Dictionary<int, int> FirstTokenOffsets(ParseResult parsed)
    {
        var tokens = parsed.TokenFile;
        var first = new Dictionary<int, int>();
        void Note(Pos p)
        {
            if (!p.IsValid || !tokens.Contains(p)) return;
            var offset = tokens.Offset(p);
            var line = tokens.RawLine(offset);
            if (!first.TryGetValue(line, out var o) || offset < o) first[line] = offset;
        }
        Walker.Inspect(parsed.File, n =>
        {
            if (n == null || n is Comment or CommentGroup) return false;
            Note(n.Pos());
            // End() is just past the last character; step back so a token ending a line counts on that line.
            var end = n.End();
            if (end.IsValid) Note(end - 1);
            return true;
        });
        return first;
    }

    private static Dictionary<int, int> NodeRanges(ParseResult parsed, IEnumerable<(int StartLine, int EndLine)>? extra)
    {
        var tokens = parsed.TokenFile;
        var ends = new Dictionary<int, int>();
        void Add(int start, int end)
        {
            if (!ends.TryGetValue(start, out var e) || end > e) ends[start] = end;
        }
        Walker.Inspect(parsed.File, n =>
        {
            if (n is Decl or Spec or Stmt or Field)
            {
                var start = n.Pos();
                var end = n.End();
                if (start.IsValid && end.IsValid && tokens.Contains(start) && tokens.Contains(end))
                    Add(tokens.Position(start).Line, tokens.Position(end).Line);
            }
            return n != null;
        });
        if (extra != null)
            foreach (var (start, end) in extra) Add(start, end);
        return ends;
    }
}
