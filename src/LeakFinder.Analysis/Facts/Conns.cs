using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// A network connection as a blocking object: a Read on a net.Conn (or on a reader wrapping it: bufio's
/// ReadString or Scan, a json or gob Decoder's Decode, io.ReadFull) waits until the peer writes, the conn is closed,
/// or a deadline set with SetDeadline or SetReadDeadline passes. The peer is outside the program: a client that
/// connects and stays idle keeps the read waiting for as long as it likes, so the only ways the program itself has to
/// end such a read are a Close of the conn and a read deadline. What one use of a conn does is <see cref="UseOf"/>.
/// </summary>
public static class Conns
{
    /// <summary>What a use of a conn (or of a reader wrapping it) does.</summary>
    public enum Use
    {
        /// <summary>Looks at it (RemoteAddr, a comparison) or writes to it: nothing a blocked read cares about.</summary>
        Harmless,
        /// <summary>Reads from it: waits for the peer.</summary>
        Read,
        /// <summary>Closes it: ends every read.</summary>
        Close,
        /// <summary>Sets a deadline: a read ends when it passes.</summary>
        Deadline,
        /// <summary>Wraps it in a reader (`bufio.NewReader(c)`): the wrapper's reads are the conn's.</summary>
        Wrap,
        /// <summary>Anything else: handed on, stored, converted. Who gets it may close it.</summary>
        Unknown,
    }

    /// <summary>net.Conn, or a pointer to one of net's conn types or to a tls.Conn.</summary>
    public static bool IsConnType(GoType? t) => t switch
    {
        NamedType { Obj: { Name: "Conn", Pkg.Path: "net" } } => true,
        PointerType { Elem: NamedType { Obj: { Name: "TCPConn" or "UnixConn", Pkg.Path: "net" } or { Name: "Conn", Pkg.Path: "crypto/tls" } } } => true,
        _ => false,
    };

    /// <summary>A listener's Accept: the conn it returns is a client's.</summary>
    public static bool IsAccept(TypeInfo info, CallExpr call) =>
        call.Args.Count == 0 && Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Accept" or "AcceptTCP" or "AcceptUnix" }
        && Calls.Callee(info, call)?.FullName is "net.Listener.Accept" or "(*net.TCPListener).Accept" or "(*net.TCPListener).AcceptTCP"
            or "(*net.UnixListener).Accept" or "(*net.UnixListener).AcceptUnix";

    /// <summary>The std functions that wrap a reader given as their first argument: their reads read it.</summary>
    public static bool IsReaderWrapper(string? fullName) => fullName is "bufio.NewReader" or "bufio.NewReaderSize" or "bufio.NewScanner"
        or "encoding/json.NewDecoder" or "encoding/gob.NewDecoder" or "encoding/xml.NewDecoder" or "io.LimitReader";

    /// <summary>The std functions that wrap a writer given as their first argument: they only write to it.</summary>
    public static bool IsWriterWrapper(string? fullName) => fullName is "bufio.NewWriter" or "bufio.NewWriterSize"
        or "encoding/json.NewEncoder" or "encoding/gob.NewEncoder" or "encoding/xml.NewEncoder";

    /// <summary>The std functions that read from a reader given as their first argument.</summary>
    private static bool ReadsFirst(string? fullName) => fullName is "io.ReadFull" or "io.ReadAtLeast" or "io.ReadAll" or "io/ioutil.ReadAll"
        or "encoding/binary.Read";

    /// <summary>Methods of a conn or of a reader wrapping it that read.</summary>
    private static readonly HashSet<string> ReadMethods = new(StringComparer.Ordinal)
    {
        "Read", "ReadString", "ReadBytes", "ReadLine", "ReadByte", "ReadRune", "ReadSlice", "Peek", "Discard", "Scan", "Decode", "Token", "ReadFrom",
    };

    /// <summary>Methods that only look at a conn or write to it (or at a wrapper's state).</summary>
    private static readonly HashSet<string> HarmlessMethods = new(StringComparer.Ordinal)
    {
        "Write", "WriteString", "RemoteAddr", "LocalAddr", "Text", "Bytes", "Err", "Buffered", "Buffer", "Split", "More", "InputOffset", "Size",
        "UseNumber", "DisallowUnknownFields", "Reset",
    };

    /// <summary>
    /// What the use of a conn or wrapper at the end of <paramref name="ancestors"/> (the identifier <paramref name="use"/>)
    /// does: a method call, an argument of a std reader, writer or wrapper, a comparison. A call handing it to
    /// anything else, and every other use, is Unknown; the caller follows the package's own functions itself.
    /// </summary>
    public static Use UseOf(TypeInfo info, Expr use, IReadOnlyList<Node> ancestors)
    {
        var k = ancestors.Count - 1;
        while (k >= 0 && ancestors[k] is ParenExpr) k--;
        if (k < 0) return Use.Unknown;
        switch (ancestors[k])
        {
            case SelectorExpr sel when ReferenceEquals(Expr.Unparen(sel.X), use) && k >= 1 && ancestors[k - 1] is CallExpr call && ReferenceEquals(call.Fun, sel):
                var name = sel.Sel.Name;
                if (name is "Close" or "CloseRead") return Use.Close;
                if (name is "SetDeadline" or "SetReadDeadline") return Use.Deadline;
                if (ReadMethods.Contains(name)) return Use.Read;
                return HarmlessMethods.Contains(name) || name == "SetWriteDeadline" ? Use.Harmless : Use.Unknown;
            case CallExpr call when call.Args.Count > 0 && ReferenceEquals(Expr.Unparen(call.Args[0]), use):
                var callee = Calls.Callee(info, call)?.FullName;
                if (IsReaderWrapper(callee)) return Use.Wrap;
                if (ReadsFirst(callee)) return Use.Read;
                if (IsWriterWrapper(callee) || StdCallbacks.WritesToFirst(callee)) return Use.Harmless;
                return Use.Unknown;
            case BinaryExpr { Op: Syntax.Token.Eql or Syntax.Token.Neq }:
                return Use.Harmless;
            default:
                return Use.Unknown;
        }
    }
}
