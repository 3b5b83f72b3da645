namespace LeakFinder.Analysis.Facts;

/// <summary>How a tracked value is released: by a method (Close, Stop, Commit/Rollback), by calling it
/// (a cancel func), through a field that holds the real resource (a response's Body). RangeField: ranging over
/// that field (`for range t.C`) ties the value's life to an endless loop, which counts as released.
/// ExhaustedBy: a method whose false result means the value released itself (`sql.Rows.Next` closes the rows
/// when it runs out), so the false branch of `for rows.Next()` is released and only early exits leak.</summary>
public sealed record ReleaseSpec(IReadOnlySet<string> Methods, bool ByCall = false, string? HandleField = null, string? RangeField = null, string? ExhaustedBy = null)
{
    /// <summary>What helper functions are judged by: any usual release of their parameter counts.</summary>
    public static readonly ReleaseSpec AnyRelease = new(new HashSet<string>(StringComparer.Ordinal) { "Close", "Stop", "Commit", "Rollback" }, ByCall: true, HandleField: "Body");
}

/// <summary>
/// A kind of value that must be released: which calls acquire it (by Func.FullName, with the result index
/// that holds it), how it is released, and the words rules use for it. Functions of the module that return a
/// fresh value of a kind acquire it too (see <see cref="ModuleFacts"/>).
/// </summary>
public sealed class ResourceKind
{
    public required string Id { get; init; }
    /// <summary>What leaks, for messages: "response body", "file", "cancel function".</summary>
    public required string What { get; init; }
    /// <summary>The release to suggest, with {0} for the variable: "{0}.Body.Close()".</summary>
    public required string ReleaseHint { get; init; }
    public required IReadOnlyDictionary<string, int> Acquirers { get; init; }
    public required ReleaseSpec Release { get; init; }
    /// <summary>Methods on the acquiring call's receiver that release too (cmd.Wait closes cmd.StdoutPipe's pipe).</summary>
    public IReadOnlySet<string>? ReceiverReleases { get; init; }
    /// <summary>Why an unreleased value hurts, for messages.</summary>
    public required string Consequence { get; init; }
    /// <summary>A different consequence for some acquirers (by Func.FullName): WithCancel starts no timer.</summary>
    public IReadOnlyDictionary<string, string>? ConsequenceByAcquirer { get; init; }

    public string ConsequenceOf(LeakFinder.Semantics.Types.Func acquirer) =>
        ConsequenceByAcquirer?.GetValueOrDefault(acquirer.FullName) ?? Consequence;

    public override string ToString() => Id;
}
