namespace LeakFinder.Runtime.Goroutines;

/// <summary>What a goroutine is doing, from its header state and, where the state is vague, its top frames.</summary>
public enum WaitKind
{
    Unknown,        // the aggregated ?debug=1 form prints no state, and the frames did not tell
    Running,        // running, runnable, syscall, preempted: doing work, not parked
    ChanReceive,
    ChanSend,
    NilChan,        // "chan receive (nil chan)" / "chan send (nil chan)": blocked forever by construction
    Select,
    SelectNoCases,  // select {}: blocked forever on purpose (a main that waits for signals)
    Mutex,          // sync.Mutex / RWMutex, "semacquire" from a lock
    WaitGroup,
    Cond,
    Semacquire,     // other semaphore waits
    IOWait,         // netpoll: sockets, pipes
    Sleep,
    RuntimeInternal,// GC, finalizer, scavenger, timers and other states only runtime goroutines take
    Other,
}

public static class WaitKinds
{
    /// <summary>Waits that a leaked goroutine typically never leaves: the ones a long wait makes suspicious.</summary>
    public static bool IsBlocking(WaitKind kind) => kind is WaitKind.ChanReceive or WaitKind.ChanSend or WaitKind.NilChan
        or WaitKind.Select or WaitKind.SelectNoCases or WaitKind.Mutex or WaitKind.WaitGroup or WaitKind.Cond
        or WaitKind.Semacquire or WaitKind.IOWait;

    public static string Describe(WaitKind kind) => kind switch
    {
        WaitKind.ChanReceive => "channel receive",
        WaitKind.ChanSend => "channel send",
        WaitKind.NilChan => "operation on a nil channel",
        WaitKind.Select => "select",
        WaitKind.SelectNoCases => "empty select",
        WaitKind.Mutex => "mutex lock",
        WaitKind.WaitGroup => "WaitGroup.Wait",
        WaitKind.Cond => "Cond.Wait",
        WaitKind.Semacquire => "semaphore acquire",
        WaitKind.IOWait => "IO wait",
        WaitKind.Sleep => "sleep",
        WaitKind.Running => "running",
        WaitKind.RuntimeInternal => "runtime wait",
        WaitKind.Other => "wait",
        _ => "unknown state",
    };

    /// <summary>
    /// Classifies a state as printed in the header (any Go version; qualifier suffixes such as " (durable)"
    /// are ignored), refining vague states ("semacquire", none at all) from the stack's functions.
    /// </summary>
    public static WaitKind Classify(string state, IReadOnlyList<string> functions)
    {
        var s = StripQualifier(state);
        var kind = s switch
        {
            "" => WaitKind.Unknown,
            "running" or "runnable" or "syscall" or "preempted" or "copystack" => WaitKind.Running,
            "chan receive" => WaitKind.ChanReceive,
            "chan send" => WaitKind.ChanSend,
            "chan receive (nil chan)" or "chan send (nil chan)" => WaitKind.NilChan,
            "select" => WaitKind.Select,
            "select (no cases)" => WaitKind.SelectNoCases,
            "sync.Mutex.Lock" or "sync.RWMutex.Lock" or "sync.RWMutex.RLock" => WaitKind.Mutex,
            "sync.WaitGroup.Wait" => WaitKind.WaitGroup,
            "sync.Cond.Wait" => WaitKind.Cond,
            "semacquire" => WaitKind.Semacquire,
            "IO wait" => WaitKind.IOWait,
            "sleep" => WaitKind.Sleep,
            "idle" or "GC worker (idle)" or "GC worker (active)" or "GC sweep wait" or "GC scavenge wait" or "finalizer wait"
                or "force gc (idle)" or "timer goroutine (idle)" or "trace reader (blocked)" or "wait for GC cycle"
                or "GC assist marking" or "GC assist wait" or "cleanup wait" or "garbage collection" or "garbage collection scan"
                or "dumping heap" or "stopping the world" or "flushing proc caches" or "trace goroutine status"
                or "trace proc status" or "debug call" or "panicwait" or "stop trace" => WaitKind.RuntimeInternal,
            _ => WaitKind.Other,
        };
        if (kind is WaitKind.Semacquire or WaitKind.Unknown) return RefineFromFrames(kind, functions);
        return kind;
    }

    // Suffixes newer runtimes add to a wait reason: synctest's " (durable)" (Go 1.25) and " (synctest)",
    // and the goroutine leak detector's " (leaked)" (Go 1.26 goroutineleak profile experiment).
    private static string StripQualifier(string state)
    {
        if (state.EndsWith(" (leaked)", StringComparison.Ordinal)) state = state[..^" (leaked)".Length];
        if (state.EndsWith(" (durable)", StringComparison.Ordinal)) return state[..^" (durable)".Length];
        if (state.EndsWith(" (synctest)", StringComparison.Ordinal)) return state[..^" (synctest)".Length];
        return state;
    }

    // Go 1.19's "semacquire" covers Mutex, RWMutex and WaitGroup alike, and ?debug=1 hides the runtime
    // frames: the first sync/time/poll frame says which wait it is.
    private static WaitKind RefineFromFrames(WaitKind kind, IReadOnlyList<string> functions)
    {
        foreach (var f in functions)
        {
            if (f.StartsWith("sync.(*WaitGroup).Wait", StringComparison.Ordinal)) return WaitKind.WaitGroup;
            if (f.StartsWith("sync.(*Mutex).", StringComparison.Ordinal) || f.StartsWith("sync.(*RWMutex).", StringComparison.Ordinal)
                || f == "sync.runtime_SemacquireMutex" || f.StartsWith("sync.runtime_SemacquireRWMutex", StringComparison.Ordinal))
                return WaitKind.Mutex;
            if (f.StartsWith("sync.(*Cond).Wait", StringComparison.Ordinal) || f == "sync.runtime_notifyListWait") return WaitKind.Cond;
            if (f == "internal/poll.runtime_pollWait") return WaitKind.IOWait;
            if (f == "time.Sleep") return WaitKind.Sleep;
            if (kind == WaitKind.Unknown)
            {
                if (f == "runtime.chanrecv1" || f == "runtime.chanrecv2") return WaitKind.ChanReceive;
                if (f == "runtime.chansend1") return WaitKind.ChanSend;
                if (f == "runtime.selectgo") return WaitKind.Select;
                if (f == "runtime.block") return WaitKind.SelectNoCases;
            }
            if (!GoNames.IsStandardLibrary(f)) break;
        }
        return kind;
    }
}
