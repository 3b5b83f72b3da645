namespace LeakFinder.Analysis.Facts;

/// <summary>The std values that must be released, by kind; rules pick the kinds they report.</summary>
public static class ResourceKinds
{
    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);

    private static Dictionary<string, int> At(int result, params string[] names)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in names) d[n] = result;
        return d;
    }

    public static readonly ResourceKind HttpResponse = new()
    {
        Id = "http-response",
        What = "response body",
        ReleaseHint = "{0}.Body.Close()",
        // Not Head: a HEAD response has no body (http.NoBody), and the Transport returns its connection at once.
        Acquirers = At(0, "net/http.Get", "net/http.Post", "net/http.PostForm",
            "(*net/http.Client).Do", "(*net/http.Client).Get", "(*net/http.Client).Post", "(*net/http.Client).PostForm"),
        Release = new ReleaseSpec(Set("Close"), HandleField: "Body"),
        Consequence = "the connection cannot be reused and stays open (CLOSE_WAIT sockets and a goroutine per connection pile up)",
    };

    public static readonly ResourceKind File = new()
    {
        Id = "file",
        What = "file",
        ReleaseHint = "{0}.Close()",
        Acquirers = At(0, "os.Open", "os.Create", "os.OpenFile", "os.CreateTemp"),
        Release = new ReleaseSpec(Set("Close")),
        Consequence = "its file descriptor stays open until the garbage collector finalizes it, and descriptors run out under load",
    };

    public static readonly ResourceKind Conn = new()
    {
        Id = "conn",
        What = "network connection",
        ReleaseHint = "{0}.Close()",
        Acquirers = At(0, "net.Dial", "net.DialTimeout", "net.DialTCP", "net.DialUDP", "net.DialUnix", "net.DialIP",
            "(*net.Dialer).Dial", "(*net.Dialer).DialContext", "crypto/tls.Dial", "crypto/tls.DialWithDialer", "(*crypto/tls.Dialer).DialContext",
            "net.Listen", "net.ListenTCP", "net.ListenUDP", "net.ListenUnix", "net.ListenUnixgram", "net.ListenPacket", "net.ListenIP",
            "net.ListenMulticastUDP", "(*net.ListenConfig).Listen", "(*net.ListenConfig).ListenPacket", "crypto/tls.Listen"),
        Release = new ReleaseSpec(Set("Close")),
        Consequence = "its socket stays open (and the peer waits) until the garbage collector finalizes it",
    };

    public static readonly ResourceKind SqlRows = new()
    {
        Id = "sql-rows",
        What = "sql.Rows",
        ReleaseHint = "{0}.Close()",
        Acquirers = At(0, "(*database/sql.DB).Query", "(*database/sql.DB).QueryContext", "(*database/sql.Tx).Query", "(*database/sql.Tx).QueryContext",
            "(*database/sql.Conn).QueryContext", "(*database/sql.Stmt).Query", "(*database/sql.Stmt).QueryContext"),
        // "If Next returns false ... the Rows are closed automatically" (database/sql): a loop run to its end releases.
        Release = new ReleaseSpec(Set("Close"), ExhaustedBy: "Next"),
        Consequence = "the rows hold their pooled connection, so the pool drains and later queries block",
    };

    public static readonly ResourceKind SqlConn = new()
    {
        Id = "sql-conn",
        What = "sql.Conn",
        ReleaseHint = "{0}.Close()",
        Acquirers = At(0, "(*database/sql.DB).Conn"),
        Release = new ReleaseSpec(Set("Close")),
        Consequence = "the connection is never returned to the pool, so the pool drains and later queries block",
    };

    /// <summary>Prepared statements of a DB or Conn (a Tx closes its own when it ends, so Tx.Prepare is not one).</summary>
    public static readonly ResourceKind SqlStmt = new()
    {
        Id = "sql-stmt",
        What = "sql.Stmt",
        ReleaseHint = "{0}.Close()",
        Acquirers = At(0, "(*database/sql.DB).Prepare", "(*database/sql.DB).PrepareContext", "(*database/sql.Conn).PrepareContext"),
        Release = new ReleaseSpec(Set("Close")),
        Consequence = "the DB keeps a reference to it for ever, so it is never collected, and it stays prepared on the server for every connection that ran it (servers cap those, as MySQL's max_prepared_stmt_count does)",
    };

    public static readonly ResourceKind SqlTx = new()
    {
        Id = "sql-tx",
        What = "sql.Tx",
        ReleaseHint = "{0}.Rollback() or {0}.Commit()",
        Acquirers = At(0, "(*database/sql.DB).Begin", "(*database/sql.DB).BeginTx", "(*database/sql.Conn).BeginTx"),
        Release = new ReleaseSpec(Set("Commit", "Rollback")),
        Consequence = "the transaction holds its connection (and its locks in the database) until the context ends, if ever",
    };

    public static readonly ResourceKind ExecPipe = new()
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
    };

    public static readonly ResourceKind Ticker = new()
    {
        Id = "ticker",
        What = "ticker",
        ReleaseHint = "{0}.Stop()",
        Acquirers = At(0, "time.NewTicker"),
        Release = new ReleaseSpec(Set("Stop"), RangeField: "C"),
        Consequence = "it keeps firing for the life of the process (before Go 1.23 the runtime never collects a running ticker)",
    };

    public static readonly ResourceKind Cancel = new()
    {
        Id = "cancel",
        What = "cancel function",
        ReleaseHint = "{0}()",
        Acquirers = At(1, "context.WithCancel", "context.WithTimeout", "context.WithDeadline", "context.WithCancelCause",
            "context.WithTimeoutCause", "context.WithDeadlineCause"),
        Release = new ReleaseSpec(Set(), ByCall: true),
        Consequence = "the context and its timer stay registered with the parent context until the parent is cancelled",
        ConsequenceByAcquirer = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["context.WithCancel"] = CancelOnlyConsequence,
            ["context.WithCancelCause"] = CancelOnlyConsequence,
        },
    };

    private const string CancelOnlyConsequence = "the context stays registered with its parent context (and anything waiting on its Done channel waits) until the parent is cancelled";

    public static readonly IReadOnlyList<ResourceKind> Closers = [File, Conn, SqlRows, SqlStmt, SqlConn, SqlTx, ExecPipe];

    public static readonly IReadOnlyList<ResourceKind> All = [HttpResponse, File, Conn, SqlRows, SqlStmt, SqlConn, SqlTx, ExecPipe, Ticker, Cancel];
}
