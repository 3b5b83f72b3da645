namespace LeakFinder.Runtime.Races;

/// <summary>One frame of a race report's stack: `  pkg.Func()` then `      /path/file.go:42 +0x1f`.</summary>
public sealed record RaceFrame(string Function, string File, int Line)
{
    public override string ToString() => $"{Function} {File}:{Line}";
}

/// <summary>
/// One memory access of a report: "Write at 0x... by goroutine 9:", "Previous read at 0x... by main goroutine:".
/// <see cref="Goroutine"/> is null for the main goroutine.
/// </summary>
public sealed record RaceAccess(bool IsWrite, bool IsPrevious, bool IsAtomic, long? Goroutine, IReadOnlyList<RaceFrame> Stack)
{
    /// <summary>
    /// Where the program made the access: the first frame that is not the runtime's own implementation of it
    /// (runtime.mapassign, runtime.slicecopy, sync/atomic, internal/race); the first frame when all are.
    /// </summary>
    public RaceFrame? Site => Stack.FirstOrDefault(f => !IsRuntimeFrame(f.Function)) ?? Stack.FirstOrDefault();

    public string Operation => (IsAtomic ? "atomic " : "") + (IsWrite ? "write" : "read");

    internal static bool IsRuntimeFrame(string function) =>
        function.StartsWith("runtime.", StringComparison.Ordinal) || function.StartsWith("internal/", StringComparison.Ordinal)
        || function.StartsWith("sync/atomic.", StringComparison.Ordinal);
}

/// <summary>"Goroutine 9 (running) created at:" and its stack: the go statement that started a racing goroutine.</summary>
public sealed record RaceGoroutine(long Goroutine, string State, IReadOnlyList<RaceFrame> CreatedAt)
{
    /// <summary>The go statement: the first frame of the creation stack (the function that ran `go`).</summary>
    public RaceFrame? Site => CreatedAt.FirstOrDefault(f => !RaceAccess.IsRuntimeFrame(f.Function)) ?? CreatedAt.FirstOrDefault();
}

/// <summary>One `WARNING: DATA RACE` block: its line, the test running when it was printed, its accesses and goroutines.</summary>
public sealed record DataRace(long Line, string? Test, IReadOnlyList<RaceAccess> Accesses, IReadOnlyList<RaceGoroutine> Goroutines)
{
    public RaceGoroutine? CreatorOf(long? goroutine) => goroutine is { } g ? Goroutines.FirstOrDefault(x => x.Goroutine == g) : null;
}
