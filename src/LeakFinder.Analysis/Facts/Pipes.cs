using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// io.Pipe as a rendezvous: `pr, pw := io.Pipe()` is an unbuffered channel in disguise. PipeWriter.Write (and
/// everything that writes through it: io.Copy, fmt.Fprintf, an encoder) waits until the reader has taken every
/// byte, or until either end is closed (Close or CloseWithError on the reader or the writer closes the pipe's
/// done channel, which the blocked Write selects on). So a writer goroutine's partner is whoever holds the
/// reader: reading it to its end (io.ReadAll, io.Copy from it, a loop of reads) or closing either end releases
/// the writer; reading a part of it (a header with io.ReadFull) does not. What a use of a reader (or of a
/// bufio wrapper of it) does is <see cref="ReaderUse"/>; anything not known here is an escape, and the rules
/// that ask stay silent.
/// </summary>
public static class Pipes
{
    /// <summary>What one use of a pipe reader does for a writer blocked on it.</summary>
    public enum Use
    {
        /// <summary>Reads a part (a header, one line) or looks at it (`r == nil`): the writer may still wait.</summary>
        Partial,
        /// <summary>Reads it to its end (io.ReadAll, io.Copy from it, reads in a loop) or closes it: the writer is released.</summary>
        Releases,
        /// <summary>Hands it on, stores it, or anything else not known: whoever gets it may serve the writer.</summary>
        Escapes,
    }

    /// <summary>A call of io.Pipe.</summary>
    public static bool IsPipeCall(TypeInfo info, Expr e) =>
        Expr.Unparen(e) is CallExpr { Args.Count: 0 } call && Calls.Callee(info, call)?.FullName == "io.Pipe";

    /// <summary>`x.Close()` or `x.CloseWithError(err)` with x the receiver expression given: the call that closes it.</summary>
    public static bool IsClose(IReadOnlyList<Node> ancestors, int at, Expr x) =>
        at >= 1 && ancestors[at] is SelectorExpr sel && ReferenceEquals(sel.X, x) && sel.Sel.Name is "Close" or "CloseWithError"
        && ancestors[at - 1] is CallExpr call && ReferenceEquals(call.Fun, sel);

    /// <summary>The std functions that take a reader as their first argument and wrap it: a wrapper's reads are the pipe's.</summary>
    public static bool IsWrapper(TypeInfo info, CallExpr call) =>
        call.Args.Count >= 1 && Calls.Callee(info, call)?.FullName is "bufio.NewReader" or "bufio.NewReaderSize" or "bufio.NewScanner";

    /// <summary>Methods of a reader or of its bufio wrappers that read a part of it (one call; in a loop they read to its end).</summary>
    private static readonly HashSet<string> PartialReads = new(StringComparer.Ordinal)
    {
        "Read", "ReadString", "ReadBytes", "ReadLine", "ReadByte", "ReadRune", "ReadSlice", "Peek", "Discard", "UnreadByte", "UnreadRune",
        "Buffered", "Scan", "Text", "Bytes", "Err", "Split", "Buffer", "Size",
    };

    /// <summary>
    /// What the use of a tracked reader (or wrapper) <paramref name="x"/> does, its ancestors given innermost last
    /// (up to the function's body; a function literal among them makes it an escape, except a deferred literal
    /// that closes it). <paramref name="isWrapperDef"/> says whether a wrapper call defines a tracked wrapper
    /// (`br := bufio.NewReader(pr)`); <paramref name="callee"/> judges an argument of a call of the package's own
    /// functions (null: not one). <paramref name="inLoop"/> is whether a loop of the function lies around it.
    /// </summary>
    public static Use ReaderUse(TypeInfo info, Expr x, IReadOnlyList<Node> ancestors, bool inLoop, Func<CallExpr, bool> isWrapperDef,
        Func<CallExpr, int, Use?> callee)
    {
        var k = ancestors.Count - 1;
        while (k >= 0 && ancestors[k] is ParenExpr p)
        {
            x = p;
            k--;
        }
        for (var i = 0; i <= k; i++)
            if (ancestors[i] is FuncLit lit)
                // `defer func() { pr.Close() }()`: the literal runs at every return after the defer.
                return i >= 2 && ancestors[i - 1] is CallExpr dc && ReferenceEquals(dc.Fun, lit) && ancestors[i - 2] is DeferStmt && IsClose(ancestors, k, x)
                    ? Use.Releases : Use.Escapes;
        if (k < 0) return Use.Escapes;
        switch (ancestors[k])
        {
            case SelectorExpr sel when ReferenceEquals(sel.X, x):
                if (k < 1 || ancestors[k - 1] is not CallExpr method || !ReferenceEquals(method.Fun, sel)) return Use.Escapes;
                if (sel.Sel.Name is "Close" or "CloseWithError" or "WriteTo") return Use.Releases;
                if (PartialReads.Contains(sel.Sel.Name)) return inLoop ? Use.Releases : Use.Partial;
                return Use.Escapes;
            case CallExpr call when call.Args.IndexOf(x) is var arg and >= 0:
                if (Calls.BuiltinName(info, call) != null) return Use.Escapes;
                switch (Calls.Callee(info, call)?.FullName)
                {
                    case "io.ReadAll" or "io/ioutil.ReadAll":
                        return Use.Releases;
                    case "io.Copy" or "io.CopyBuffer" when arg == 1:
                        return Use.Releases;
                    case "io.ReadFull" or "io.ReadAtLeast" or "io.CopyN" when arg == (call.Fun is SelectorExpr { Sel.Name: "CopyN" } ? 1 : 0):
                        return inLoop ? Use.Releases : Use.Partial;
                }
                if (IsWrapper(info, call) && arg == 0) return isWrapperDef(call) ? Use.Partial : Use.Escapes;
                return callee(call, arg) is { } judged ? judged == Use.Partial && inLoop ? Use.Releases : judged : Use.Escapes;
            case BinaryExpr { Op: Syntax.Token.Eql or Syntax.Token.Neq }:
                return Use.Partial;
            default:
                return Use.Escapes;
        }
    }

    /// <summary>
    /// What a function of the package does with the reader it is given as parameter <paramref name="param"/>: the
    /// most a use does (any escape: Escapes; else any release: Releases; else Partial). Calls of the package's
    /// functions are followed <paramref name="depth"/> more levels; wrappers made in the body are followed too.
    /// </summary>
    public static Use ParameterUse(TypeInfo info, FuncDecl decl, Var param, Func<Func, (FuncDecl Decl, TypeInfo Info)?> bodyOf, int depth)
    {
        if (decl.Body is not { } body) return Use.Escapes;
        var tracked = new HashSet<Var>(ReferenceEqualityComparer.Instance) { param };
        var wrappers = WrappersOf(info, body, tracked);
        var result = Use.Partial;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (result == Use.Escapes) return false;
            if (n is not Ident id || info.ObjectOf(id) is not Var v || !tracked.Contains(v)) return true;
            if (info.Defs.ContainsKey(id)) return false;
            var use = ReaderUse(info, id, ancestors, Loops.Innermost(ancestors) != null, wrappers.Contains,
                (call, arg) => depth > 0 ? ArgumentUse(info, call, arg, bodyOf, depth - 1) : null);
            if (use > result) result = use;
            return false;
        });
        return result;
    }

    /// <summary>What a call of a function of the module does with its argument <paramref name="arg"/> (the reader): null
    /// when the callee's body is not known, variadic, or a method value.</summary>
    public static Use? ArgumentUse(TypeInfo info, CallExpr call, int arg, Func<Func, (FuncDecl Decl, TypeInfo Info)?> bodyOf, int depth)
    {
        if (call.Ellipsis.IsValid || Calls.Callee(info, call) is not { Signature: { Variadic: false } sig } f || Calls.IsStd(f.Pkg)) return null;
        if (bodyOf(f) is not var (decl, calleeInfo)) return null;
        var parameters = SummaryBuilder.ParamVars(decl, calleeInfo);
        if (parameters.Count != sig.Params.Count || arg >= parameters.Count || parameters[arg] is not { } param) return null;
        return ParameterUse(calleeInfo, decl, param, bodyOf, depth);
    }

    /// <summary>Locals defined in body as bufio wrappers of a tracked reader (`br := bufio.NewReader(pr)`), added to
    /// <paramref name="tracked"/>; the wrapper calls that define them are returned.</summary>
    public static HashSet<CallExpr> WrappersOf(TypeInfo info, BlockStmt body, HashSet<Var> tracked)
    {
        var defs = new HashSet<CallExpr>(ReferenceEqualityComparer.Instance);
        for (var changed = true; changed;)
        {
            changed = false;
            Walker.Inspect(body, n =>
            {
                if (n is FuncLit) return false;
                if (n is AssignStmt { Tok: Syntax.Token.Define, Lhs: [Ident lhs], Rhs: [var rhs] } && Expr.Unparen(rhs) is CallExpr call && IsWrapper(info, call)
                    && Expr.Unparen(call.Args[0]) is Ident arg && info.ObjectOf(arg) is Var from && tracked.Contains(from)
                    && info.Defs.GetValueOrDefault(lhs) is Var wrapper && tracked.Add(wrapper))
                {
                    defs.Add(call);
                    changed = true;
                }
                return true;
            });
        }
        return defs;
    }
}
