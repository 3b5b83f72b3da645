using LeakFinder.Analysis;
namespace LeakFinder.Check.Suppressions;

public enum DirectiveKind
{
    /// <summary>golangci-lint's `//nolint`, `//nolint:a,b // why`: its own line, or the declaration or statement below it.</summary>
    NoLint,
    /// <summary>staticcheck's `//lint:ignore CHECKS reason`: the line (statement, declaration) after the comment.</summary>
    LintIgnore,
    /// <summary>staticcheck's `//lint:file-ignore CHECKS reason`: the whole file.</summary>
    LintFileIgnore,
}

/// <summary>
/// One suppression comment and the lines it covers (inclusive). <see cref="Checks"/> is empty for a bare
/// `//nolint` (every linter); otherwise the words it names, ours (rule ids, names, categories, "leakfinder",
/// "all", id prefixes like "LF1*") and other linters' alike.
/// </summary>
public sealed record SuppressionDirective(
    string File, int Line, int Column, DirectiveKind Kind, IReadOnlyList<string> Checks, string Reason, int FromLine, int ToLine)
{
    public string Text => Kind switch
    {
        DirectiveKind.NoLint => Checks.Count == 0 ? "//nolint" : "//nolint:" + string.Join(',', Checks),
        DirectiveKind.LintIgnore => "//lint:ignore " + string.Join(',', Checks),
        _ => "//lint:file-ignore " + string.Join(',', Checks),
    };

    public override string ToString() => $"{File}:{Line}:{Column}: {Text}";
}
