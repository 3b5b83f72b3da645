namespace LeakFinder.Analysis.Facts;

/// <summary>The std values that must be released, by kind; rules pick the kinds they report. Each kind is
/// declared once, with <see cref="Declare"/>, which is what puts it in <see cref="All"/>.</summary>
public static class ResourceKinds
{
    // First in the class: static fields are initialised in text order, and every Declare below adds to it.
    private static readonly List<ResourceKind> Declared = [];

    private static ResourceKind Declare(ResourceKind kind)
    {
        Declared.Add(kind);
        return kind;
    }

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);

    private static Dictionary<string, IReadOnlyList<int>> At(int index, params string[] names)
    {
        var d = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var n in names) d[n] = [index];
        return d;
    }

    /// <summary>Adds acquirers with several indexes (os.Pipe's two files).</summary>
    private static Dictionary<string, IReadOnlyList<int>> With(this Dictionary<string, IReadOnlyList<int>> d, string name, params int[] indexes)
    {
        d[name] = indexes;
        return d;
    }

    private static Dictionary<string, int> FirstArgOf(params string[] names) =>
        names.ToDictionary(n => n, n => ReleaseSpec.StdReleaseFunctions[n], StringComparer.Ordinal);

    public static readonly ResourceKind HttpResponse = Declare(new()
    {
        Id = "http-response",
        What = "response body",
        ReleaseHint = "{0}.Body.Close()",
        DeferredRelease = "{0}.Body.Close()",
        ReleaseIdempotent = true,
        // Not Head: a HEAD response has no body (http.NoBody), and the Transport returns its connection at once.
        Acquirers = At(0, "net/http.Get", "net/http.Post", "net/http.PostForm",
            "(*net/http.Client).Do", "(*net/http.Client).Get", "(*net/http.Client).Post", "(*net/http.Client).PostForm"),
        Release = new ReleaseSpec(Set("Close"), HandleField: "Body"),
        Consequence = "the connection cannot be reused and stays open (CLOSE_WAIT sockets and a goroutine per connection pile up)",
    });

    public static readonly ResourceKind File = Declare(new()
    {
        Id = "file",
        What = "file",
        ReleaseHint = "{0}.Close()",
        DeferredRelease = "{0}.Close()",
        // os.NewFile takes over a raw descriptor (see Fd): the *os.File then owns it.
        Acquirers = At(0, "os.Open", "os.Create", "os.OpenFile", "os.CreateTemp", "os.NewFile").With("os.Pipe", 0, 1),
        Adopters = Set("os.NewFile"),
        Release = new ReleaseSpec(Set("Close")),
        Consequence = "its file descriptor stays open until the garbage collector finalizes it, and descriptors run out under load",
        ConsequenceByAcquirer = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["os.Pipe"] = "both descriptors of the pipe stay open until the garbage collector finalizes them, and a reader of the other end never sees EOF while this end is open",
        },
    });

    public static readonly ResourceKind Conn = Declare(new()
    {
        Id = "conn",
        What = "network connection",
        ReleaseHint = "{0}.Close()",
        DeferredRelease = "{0}.Close()",
        Acquirers = At(0, "net.Dial", "net.DialTimeout", "net.DialTCP", "net.DialUDP", "net.DialUnix", "net.DialIP",
            "(*net.Dialer).Dial", "(*net.Dialer).DialContext", "crypto/tls.Dial", "crypto/tls.DialWithDialer", "(*crypto/tls.Dialer).DialContext",
            "net.Listen", "net.ListenTCP", "net.ListenUDP", "net.ListenUnix", "net.ListenUnixgram", "net.ListenPacket", "net.ListenIP",
            "net.ListenMulticastUDP", "(*net.ListenConfig).Listen", "(*net.ListenConfig).ListenPacket", "crypto/tls.Listen"),
        Release = new ReleaseSpec(Set("Close")),
        Consequence = "its socket stays open (and the peer waits) until the garbage collector finalizes it",
    });

    public static readonly ResourceKind SqlRows = Declare(new()
    {
        Id = "sql-rows",
        What = "sql.Rows",
        ReleaseHint = "{0}.Close()",
        DeferredRelease = "{0}.Close()",
        ReleaseIdempotent = true,
        Acquirers = At(0, "(*database/sql.DB).Query", "(*database/sql.DB).QueryContext", "(*database/sql.Tx).Query", "(*database/sql.Tx).QueryContext",
            "(*database/sql.Conn).QueryContext", "(*database/sql.Stmt).Query", "(*database/sql.Stmt).QueryContext"),
        // "If Next returns false ... the Rows are closed automatically" (database/sql): a loop run to its end releases.
        Release = new ReleaseSpec(Set("Close"), ExhaustedBy: "Next"),
        Consequence = "the rows hold their pooled connection, so the pool drains and later queries block",
    });

    public static readonly ResourceKind SqlConn = Declare(new()
    {
        Id = "sql-conn",
        What = "sql.Conn",
        ReleaseHint = "{0}.Close()",
        DeferredRelease = "{0}.Close()",
        Acquirers = At(0, "(*database/sql.DB).Conn"),
        Release = new ReleaseSpec(Set("Close")),
        Consequence = "the connection is never returned to the pool, so the pool drains and later queries block",
    });

    /// <summary>Prepared statements of a DB or Conn (a Tx closes its own when it ends, so Tx.Prepare is not one).</summary>
    public static readonly ResourceKind SqlStmt = Declare(new()
    {
        Id = "sql-stmt",
        What = "sql.Stmt",
        ReleaseHint = "{0}.Close()",
        DeferredRelease = "{0}.Close()",
        Acquirers = At(0, "(*database/sql.DB).Prepare", "(*database/sql.DB).PrepareContext", "(*database/sql.Conn).PrepareContext"),
        Release = new ReleaseSpec(Set("Close")),
        Consequence = "the DB keeps a reference to it for ever, so it is never collected, and it stays prepared on the server for every connection that ran it (servers cap those, as MySQL's max_prepared_stmt_count does)",
    });

    public static readonly ResourceKind SqlTx = Declare(new()
    {
        Id = "sql-tx",
        What = "sql.Tx",
        ReleaseHint = "{0}.Rollback() or {0}.Commit()",
        DeferredRelease = "{0}.Rollback()",
        ReleaseIdempotent = true,
        Acquirers = At(0, "(*database/sql.DB).Begin", "(*database/sql.DB).BeginTx", "(*database/sql.Conn).BeginTx"),
        Release = new ReleaseSpec(Set("Commit", "Rollback")),
        Consequence = "the transaction holds its connection (and its locks in the database) until the context ends, if ever",
    });

    public static readonly ResourceKind ExecPipe = Declare(new()
    {
        Id = "exec-pipe",
        What = "command pipe",
        ReleaseHint = "{0}.Close() or the command's Start() and Wait()",
        Acquirers = At(0, "(*os/exec.Cmd).StdoutPipe", "(*os/exec.Cmd).StderrPipe", "(*os/exec.Cmd).StdinPipe"),
        Release = new ReleaseSpec(Set("Close")),
        // Start closes the pipes when it fails; after it succeeds only Wait does, but a path search cannot
        // tell the two apart, so Start is trusted (precision first).
        ReceiverReleases = Set("Start", "Wait"),
        Consequence = "the pipe's descriptors stay open and the child process is never reaped",
    });

    /// <summary>io.Pipe's two ends: in memory, so an end left open costs nothing by itself; LF2002 reports one only
    /// when a goroutine of the function uses the other end, and then blocks for ever on it.</summary>
    public static readonly ResourceKind IoPipe = Declare(new()
    {
        Id = "io-pipe",
        What = "pipe end",
        ReleaseHint = "{0}.Close()",
        Acquirers = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal).With("io.Pipe", 0, 1),
        Release = new ReleaseSpec(Set("Close", "CloseWithError")),
        Consequence = "the goroutine using the other end blocks for ever: a write waits for a reader that never comes, a read for a writer that never closes",
    });

    public static readonly ResourceKind Ticker = Declare(new()
    {
        Id = "ticker",
        What = "ticker",
        ReleaseHint = "{0}.Stop()",
        DeferredRelease = "{0}.Stop()",
        ReleaseIdempotent = true,
        Acquirers = At(0, "time.NewTicker"),
        Release = new ReleaseSpec(Set("Stop"), RangeField: "C"),
        Consequence = "it keeps firing for the life of the process (before Go 1.23 the runtime never collects a running ticker)",
    });

    public static readonly ResourceKind Cancel = Declare(new()
    {
        Id = "cancel",
        What = "cancel function",
        ReleaseHint = "{0}()",
        DeferredRelease = "{0}()",
        ReleaseIdempotent = true,
        Acquirers = At(1, "context.WithCancel", "context.WithTimeout", "context.WithDeadline", "context.WithCancelCause",
            "context.WithTimeoutCause", "context.WithDeadlineCause"),
        Release = new ReleaseSpec(Set(), ByCall: true),
        Consequence = "the context and its timer stay registered with the parent context until the parent is cancelled",
        ConsequenceByAcquirer = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["context.WithCancel"] = CancelOnlyConsequence,
            ["context.WithCancelCause"] = CancelOnlyConsequence,
        },
    });

    private const string CancelOnlyConsequence = "the context stays registered with its parent context (and anything waiting on its Done channel waits) until the parent is cancelled";

    /// <summary>C memory from cgo's allocators: the Go garbage collector neither sees nor frees it.</summary>
    public static readonly ResourceKind CgoMemory = Declare(new()
    {
        Id = "cgo-memory",
        What = "C memory",
        ReleaseHint = "C.free(unsafe.Pointer({0}))",
        Acquirers = At(0, "C.CString", "C.CBytes", "C.malloc", "C.calloc"),
        Release = new ReleaseSpec(Set(), Functions: FirstArgOf("C.free")),
        Consequence = "C memory is invisible to the Go garbage collector and is never freed, so the process's resident memory grows with every call",
    });

    public static readonly ResourceKind Mmap = Declare(new()
    {
        Id = "mmap",
        What = "memory mapping",
        ReleaseHint = "{1}.Munmap({0})",
        DeferredRelease = "{1}.Munmap({0})",
        Acquirers = At(0, "syscall.Mmap", "golang.org/x/sys/unix.Mmap"),
        Release = new ReleaseSpec(Set(), Functions: FirstArgOf("syscall.Munmap", "golang.org/x/sys/unix.Munmap")),
        Consequence = "the mapping (and the file or anonymous memory behind it) stays in the address space until the process exits, since the garbage collector never unmaps it",
    });

    /// <summary>Raw descriptors (ints): unlike an *os.File, nothing finalizes them.</summary>
    public static readonly ResourceKind Fd = Declare(new()
    {
        Id = "fd",
        What = "file descriptor",
        ReleaseHint = "{1}.Close({0})",
        DeferredRelease = "{1}.Close({0})",
        Acquirers = At(0, "syscall.Open", "syscall.Openat", "syscall.Creat", "syscall.Socket", "syscall.Accept", "syscall.Accept4", "syscall.Dup",
            "syscall.InotifyInit", "syscall.InotifyInit1", "syscall.EpollCreate", "syscall.EpollCreate1",
            "golang.org/x/sys/unix.Open", "golang.org/x/sys/unix.Openat", "golang.org/x/sys/unix.Openat2", "golang.org/x/sys/unix.Creat",
            "golang.org/x/sys/unix.Socket", "golang.org/x/sys/unix.Accept", "golang.org/x/sys/unix.Accept4", "golang.org/x/sys/unix.Dup",
            "golang.org/x/sys/unix.InotifyInit", "golang.org/x/sys/unix.InotifyInit1", "golang.org/x/sys/unix.EpollCreate", "golang.org/x/sys/unix.EpollCreate1",
            "golang.org/x/sys/unix.Eventfd", "golang.org/x/sys/unix.MemfdCreate", "golang.org/x/sys/unix.TimerfdCreate", "golang.org/x/sys/unix.PidfdOpen",
            "golang.org/x/sys/unix.FanotifyInit"),
        Release = new ReleaseSpec(Set(), Functions: FirstArgOf("syscall.Close", "golang.org/x/sys/unix.Close")),
        Consequence = "a raw descriptor has no finalizer, so it stays open for the life of the process, and descriptors run out under load",
    });

    /// <summary>A started os/exec.Cmd: Start holds the command's value (its receiver) until Wait reaps the child.</summary>
    public static readonly ResourceKind Command = Declare(new()
    {
        Id = "command",
        What = "started command",
        ReleaseHint = "{0}.Wait()",
        Acquirers = At(0, "(*os/exec.Cmd).Start"),
        Holds = AcquiredValue.Receiver,
        // cmd.Process.Wait() reaps the child too (without closing os/exec's own pipes, which it would leak instead).
        Release = new ReleaseSpec(Set("Wait"), HandleField: "Process"),
        Consequence = "the child process is never reaped and stays a zombie, and the pipes and copying goroutines os/exec set up for its Stdin, Stdout and Stderr stay open",
    });

    /// <summary>signal.Notify registers its channel argument with os/signal until signal.Stop.</summary>
    public static readonly ResourceKind SignalNotify = Declare(new()
    {
        Id = "signal-notify",
        What = "signal registration",
        ReleaseHint = "signal.Stop({0})",
        Acquirers = At(0, "os/signal.Notify"),
        Holds = AcquiredValue.Argument,
        // A loop ranging over the channel, or a goroutine handed it, is the registration's consumer for as long as it lives.
        Release = new ReleaseSpec(Set(), Functions: FirstArgOf("os/signal.Stop"), RangedOver: true),
        Consequence = "os/signal keeps the channel registered for ever: every later signal is still delivered to it (and dropped once its buffer is full), and the signal's default action (exiting on SIGINT or SIGTERM) stays disabled",
    });

    /// <summary>An unlock function a helper of the module returns with the mutex it locked (`return r.mu.Unlock`,
    /// `return func() { r.mu.Unlock() }`): no std function acquires one; the module's helpers do (their summaries).</summary>
    public static readonly ResourceKind UnlockFunc = Declare(new()
    {
        Id = "unlock-func",
        What = "unlock function",
        ReleaseHint = "{0}()",
        DeferredRelease = "{0}()",
        Acquirers = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal),
        Release = new ReleaseSpec(Set(), ByCall: true),
        Consequence = "the mutex its helper locked stays locked, and the next Lock of it waits for ever",
    });

    public static readonly IReadOnlyList<ResourceKind> Closers = [File, Conn, SqlRows, SqlStmt, SqlConn, SqlTx, ExecPipe, IoPipe];

    /// <summary>Every kind declared above, in declaration order: what function summaries are computed for.</summary>
    public static IReadOnlyList<ResourceKind> All => Declared;
}
