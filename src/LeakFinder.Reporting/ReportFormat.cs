namespace LeakFinder.Reporting;

/// <summary>The output formats of `leakfinder check --format`.</summary>
public enum ReportFormat { Text, Json, Sarif, Checkstyle, GitHub, CodeClimate }

public static class ReportFormats
{
    /// <summary>The names `--format` accepts, in the order help text lists them.</summary>
    public static readonly IReadOnlyList<string> Names = ["text", "json", "sarif", "checkstyle", "github", "codeclimate"];

    public static ReportFormat? Parse(string name) => name.ToLowerInvariant() switch
    {
        "text" => ReportFormat.Text,
        "json" => ReportFormat.Json,
        "sarif" => ReportFormat.Sarif,
        "checkstyle" => ReportFormat.Checkstyle,
        "github" => ReportFormat.GitHub,
        "codeclimate" => ReportFormat.CodeClimate,
        _ => null,
    };
}
