using LeakFinder.Analysis;
using LeakFinder.Check.Suppressions;
using LeakFinder.Semantics.Loading;

namespace LeakFinder.Check.Pipeline;

/// <summary>
/// What a check's report needs from a root package's syntax trees besides the rules' findings: its files'
/// syntax errors (the load reads only headers) and suppression directives, and what its code tells of its
/// context (command, service, test). Read on the worker
/// that has the package's trees, before they are released; a findings-cache hit brings them back from its
/// entry, so a package that is not parsed again is filtered and classified as if it had been.
/// </summary>
public sealed record PackageNotes(IReadOnlyList<InputError> SyntaxErrors, IReadOnlyList<FileSuppressions> Suppressions, CodeContexts.PackageSurvey Survey)
{
    public static PackageNotes Read(LoadedPackage p, SuppressionIndex index) =>
        new(p.Files.SelectMany(f => f.SyntaxErrors).Select(InputErrors.FromSyntax).ToList(),
            p.Files.Select(f => index.Read(f.Parse)).ToList(), CodeContexts.Survey(p));
}
