namespace LeakFinder.Reporting;

/// <summary>
/// How a report is rendered. <see cref="WorkingDirectory"/> is where relative finding paths are resolved and
/// what paths under it are shown relative to (SARIF's %SRCROOT%). <see cref="Color"/> is decided by the caller
/// (the CLI: a terminal and NO_COLOR unset); renderers never look at the console themselves.
/// </summary>
public sealed record ReportOptions
{
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();
    public bool Color { get; init; }
    public string ToolVersion { get; init; } = typeof(ReportOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    /// <summary>Where the project lives; SARIF's tool.driver.informationUri.</summary>
    public string InformationUri { get; init; } = "https://github.com/leakfinder/leakfinder";
    /// <summary>Base of rule documentation links; a rule's help is &lt;base&gt;docs/rules/&lt;Id&gt;.md.</summary>
    public string DocsBaseUri { get; init; } = "https://github.com/leakfinder/leakfinder/blob/main/";
}
