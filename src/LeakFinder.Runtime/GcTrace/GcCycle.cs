namespace LeakFinder.Runtime.GcTrace;

/// <summary>
/// One `gc N @Ts P%: ...` line of GODEBUG=gctrace=1 (runtime/mgc.go, gcMarkTermination). Heap sizes are in
/// MB as the runtime prints them (truncated: heap >> 20): <see cref="HeapStartMB"/> when the cycle began,
/// <see cref="HeapEndMB"/> when marking ended, <see cref="LiveMB"/> marked live: the heap a leak grows.
/// </summary>
public sealed record GcCycle
{
    public required long Line { get; init; }
    public required int Number { get; init; }
    /// <summary>Seconds since the program started.</summary>
    public required double AtSeconds { get; init; }
    /// <summary>Share of CPU spent in GC since the program started (%).</summary>
    public required int CpuPercent { get; init; }
    /// <summary>Wall-clock ms per phase: 3 since Go 1.7 (STW sweep termination, concurrent mark, STW mark termination), 5 in Go 1.5-1.6.</summary>
    public required double[] ClockMs { get; init; }
    /// <summary>CPU ms per phase: sweep termination, assist/background/idle mark, mark termination (Go 1.7+).</summary>
    public required double[] CpuMs { get; init; }
    public required long HeapStartMB { get; init; }
    public required long HeapEndMB { get; init; }
    public required long LiveMB { get; init; }
    public long? GoalMB { get; init; }
    /// <summary>Go 1.18+: scannable stack size.</summary>
    public long? StacksMB { get; init; }
    /// <summary>Go 1.18+: scannable globals size.</summary>
    public long? GlobalsMB { get; init; }
    public required int Procs { get; init; }
    /// <summary>Started by runtime.GC() or debug.FreeOSMemory, not by the pacer.</summary>
    public required bool Forced { get; init; }

    /// <summary>Stop-the-world time: the first and last clock phases (sweep and mark termination).</summary>
    public double PauseMs => ClockMs.Length == 0 ? 0 : ClockMs.Length == 1 ? ClockMs[0] : ClockMs[0] + ClockMs[^1];
}

/// <summary>A scavenger line: memory the runtime returned to the OS (scvg before Go 1.13, scav with scavtrace=1 after).</summary>
public sealed record ScavengerEvent(long Line, string Format, long? ReleasedKiB, long? TotalReleasedKiB, int? UtilPercent, bool Forced);
