namespace LeakFinder.Analysis.Facts;

/// <summary>How a tracked value is released: by a method (Close, Stop, Commit/Rollback), by calling it
/// (a cancel func), through a field that holds the real resource (a response's Body). RangeField: ranging over
/// that field (`for range t.C`) ties the value's life to an endless loop, which counts as released; RangedOver:
/// ranging over the value itself does (a signal channel). ExhaustedBy: a method whose false result means the
/// value released itself (`sql.Rows.Next` closes the rows when it runs out), so the false branch of
/// `for rows.Next()` is released and only early exits leak. Functions: package functions that release the
/// argument at an index (by Func.FullName: `syscall.Close(fd)`, `C.free(unsafe.Pointer(p))`), reached through
/// conversions.</summary>
public sealed record ReleaseSpec(IReadOnlySet<string> Methods, bool ByCall = false, string? HandleField = null, string? RangeField = null, string? ExhaustedBy = null,
    IReadOnlyDictionary<string, int>? Functions = null, bool RangedOver = false)
{
    /// <summary>Std and cgo functions that release their first argument, for the kinds and for helpers' summaries.</summary>
    public static readonly IReadOnlyDictionary<string, int> StdReleaseFunctions = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["syscall.Close"] = 0, ["golang.org/x/sys/unix.Close"] = 0,
        ["syscall.Munmap"] = 0, ["golang.org/x/sys/unix.Munmap"] = 0,
        ["C.free"] = 0,
        ["os/signal.Stop"] = 0,
    };

    /// <summary>What helper functions are judged by: any usual release of their parameter counts.</summary>
    public static readonly ReleaseSpec AnyRelease = new(new HashSet<string>(StringComparer.Ordinal) { "Close", "Stop", "Commit", "Rollback", "Wait" }, ByCall: true, HandleField: "Body",
        Functions: StdReleaseFunctions);
}

/// <summary>Where an acquiring call puts the value to release.</summary>
public enum AcquiredValue
{
    /// <summary>In a result (`f, err := os.Open(name)`): the acquirer's index is the result's.</summary>
    Result,
    /// <summary>In an argument the call registers (`signal.Notify(ch, ...)`): the index is the argument's.</summary>
    Argument,
    /// <summary>In the method's receiver, which the call starts (`cmd.Start()`).</summary>
    Receiver,
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
    /// <summary>The release to suggest, with {0} for the variable and {1} for the acquirer's package name: "{0}.Body.Close()", "{1}.Close({0})".</summary>
    public required string ReleaseHint { get; init; }
    /// <summary>The statement a suggested fix defers right after a successful acquire, with {0} for the variable
    /// ("{0}.Body.Close()") and {1} for the acquirer's package as the call names it ("{1}.Close({0})": unix.Close
    /// for unix.Open); null: no mechanical fix (the release needs another import, or must wait for
    /// something else, as a pipe's for the command's Wait).</summary>
    public string? DeferredRelease { get; init; }
    /// <summary>Releasing twice is harmless by the API's contract (a CancelFunc, Rows.Close, Ticker.Stop, Rollback
    /// after Commit, a response body's Close): a deferred release may then be added beside the releases that
    /// some paths already make.</summary>
    public bool ReleaseIdempotent { get; init; }
    /// <summary>The acquiring calls, by Func.FullName, with the indexes (of results, or of arguments: <see cref="Holds"/>)
    /// that hold a value of the kind (os.Pipe gives two files).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<int>> Acquirers { get; init; }
    public AcquiredValue Holds { get; init; } = AcquiredValue.Result;
    /// <summary>Acquirers that adopt a descriptor given as their first argument (os.NewFile): they acquire only one
    /// this function holds in a local variable, not one the process was handed (`os.NewFile(3, "fuzz_in")` after
    /// ExtraFiles, `os.NewFile(uintptr(syscall.Stdin), ...)`), which no one expects to be closed.</summary>
    public IReadOnlySet<string>? Adopters { get; init; }
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
