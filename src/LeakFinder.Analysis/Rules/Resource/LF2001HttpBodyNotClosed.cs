using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Resource;

/// <summary>
/// LF2001: an HTTP response whose body is not closed on every path (http.Get/Head/Post/PostForm, the
/// Client methods, and module functions that return a fresh *http.Response). Docs: docs/rules/LF2001.md.
/// </summary>
public sealed class LF2001HttpBodyNotClosed : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF2001", "http-body-not-closed", RuleCategory.ResourceLeak, Severity.Error,
        "HTTP response body not closed")
    {
        Since = "0.1",
        Summary = "an HTTP response body not closed on every path",
    };

    private static readonly IReadOnlyList<ResourceKind> Kinds = [ResourceKinds.HttpResponse];

    public override void Run(Pass pass) => MustReleaseReporter.Run(pass, Kinds);
}
