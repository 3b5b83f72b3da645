using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// What the race rules count as an ordering between goroutines: a lock, a channel operation, a select, a
/// Wait (WaitGroup, errgroup, any method named Wait), a sync.Once's Do. The rules stay silent whenever one of
/// these stands between two accesses, because they do not model which one orders them.
/// </summary>
internal static class Handoffs
{
    /// <summary>A mutex operation, on a sync.Mutex/RWMutex path or on any Locker (a method named Lock/RLock/Unlock).</summary>
    public static bool IsLockCall(Pass pass, CallExpr call) => IsLockCall(pass.Info, call);

    private static bool IsLockCall(TypeInfo info, CallExpr call) =>
        LockPaths.OpOf(info, call) != null
        || Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Lock" or "RLock" or "Unlock" or "RUnlock" };

    /// <summary>Whether the node (not the function literals inside it) takes a lock, receives, sends, selects,
    /// ranges over a channel or calls a Wait or (unless <paramref name="countDo"/> is false) a Once's Do; the
    /// node <paramref name="except"/> (the errgroup call that starts a goroutine) is left out.</summary>
    /// <remarks>With <paramref name="receivesOrder"/> false, a receive (`<-ch`, a range over a channel, a select
    /// whose cases all receive) does not count: it orders the receiver after the sender, never two receivers
    /// with each other, so workers taking items from one queue still write shared memory unordered.</remarks>
    public static bool Synchronises(Pass pass, Node node, bool countDo = true, Node? except = null, bool receivesOrder = true) =>
        Synchronises(pass.Info, node, countDo, except, receivesOrder);

    internal static bool Synchronises(TypeInfo info, Node node, bool countDo = true, Node? except = null, bool receivesOrder = true)
    {
        var found = false;
        // The except node's own kind too: it must be met to be skipped.
        var kinds = NodeKinds.FuncLit | NodeKinds.UnaryExpr | NodeKinds.SendStmt | NodeKinds.SelectStmt | NodeKinds.RangeStmt | NodeKinds.CallExpr | (except?.NodeKind ?? NodeKinds.None);
        info.Nodes.Inspect(node, kinds, n =>
        {
            if (found || n is FuncLit || n != null && ReferenceEquals(n, except)) return false;
            switch (n)
            {
                case UnaryExpr { Op: Token.Arrow } when receivesOrder:
                case SendStmt:
                case SelectStmt sel when receivesOrder || sel.Body.List.Any(c => c is CommClause { Comm: SendStmt }):
                case RangeStmt r when receivesOrder && info.TypeOf(r.X)?.Underlying is Semantics.Types.ChanType:
                case CallExpr c when IsLockCall(info, c) || IsWait(c, countDo):
                    found = true;
                    return false;
            }
            return true;
        });
        return found;
    }

    /// <summary>The package's functions that synchronise (<see cref="Synchronises"/>, Do excepted) in their own
    /// statements or through a function of the package they call: a caller of execAll, which starts workers and
    /// waits for them, is ordered after everything the workers did. Found once per package for the rules that
    /// need it (LF7002, LF7005), when the first asks.</summary>
    public static readonly PackageAnalysis<IReadOnlySet<Semantics.Types.Func>> WaitingFunctionsAnalysis =
        new("waiting-functions", "the functions that wait for other goroutines, themselves or through a function they call",
            pass => WaitingFunctions(pass.Info, SharedAccess.Declarations(pass.Info, pass.Functions))) { OnDemand = true };

    private static HashSet<Semantics.Types.Func> WaitingFunctions(TypeInfo info, IReadOnlyDictionary<Semantics.Types.Func, FuncDecl> decls)
    {
        var waits = new HashSet<Semantics.Types.Func>(ReferenceEqualityComparer.Instance);
        var callers = new Dictionary<Semantics.Types.Func, List<Semantics.Types.Func>>(ReferenceEqualityComparer.Instance);
        foreach (var (f, d) in decls)
        {
            if (Synchronises(info, d.Body!, countDo: false)) waits.Add(f);
            info.Nodes.Inspect(d.Body!, NodeKinds.FuncLit | NodeKinds.CallExpr, n =>
            {
                if (n is FuncLit) return false;
                if (n is CallExpr c && Calls.Callee(info, c) is { } callee && decls.ContainsKey(callee))
                {
                    if (!callers.TryGetValue(callee, out var list)) callers[callee] = list = [];
                    list.Add(f);
                }
                return true;
            });
        }
        var work = new Queue<Semantics.Types.Func>(waits);
        while (work.TryDequeue(out var f))
            foreach (var caller in callers.GetValueOrDefault(f) ?? [])
                if (waits.Add(caller)) work.Enqueue(caller);
        return waits;
    }

    /// <summary>Whether the node (not its literals) calls anything but a builtin or a conversion: a call the
    /// rules do not follow may hand off (a helper that waits), so a scan for unordered accesses stops there.</summary>
    public static bool CallsOut(Pass pass, Node node)
    {
        var found = false;
        pass.Info.Nodes.Inspect(node, NodeKinds.FuncLit | NodeKinds.CallExpr, n =>
        {
            if (found || n is FuncLit) return false;
            if (n is CallExpr c && Calls.BuiltinName(pass.Info, c) is null && !Calls.IsConversion(pass.Info, c))
            {
                found = true;
                return false;
            }
            return true;
        });
        return found;
    }

    /// <summary>Standard packages none of whose functions can order two goroutines: they touch no channel,
    /// lock or callback of the caller's (fmt only for its Sprint and Errorf forms, which write nowhere).</summary>
    private static readonly HashSet<string> PureStd = ["strings", "strconv", "bytes", "errors", "math", "sort", "unicode", "unicode/utf8", "path", "path/filepath", "time"];

    /// <summary>A call of a standard function that cannot order goroutines (strings.Join, time.Now, t.Format,
    /// fmt.Sprintf): a scan for unordered accesses goes on past it. time.AfterFunc and time.Sleep are in: the
    /// first only schedules, the second orders nothing.</summary>
    public static bool CannotOrder(Pass pass, CallExpr c) =>
        Calls.Callee(pass.Info, c) is { Pkg: { } pkg } f && Calls.IsStd(pkg)
        && (PureStd.Contains(pkg.Path) || pkg.Path == "fmt" && (f.Name.StartsWith("Sprint", StringComparison.Ordinal) || f.Name == "Errorf"))
        && f.Signature?.Recv?.Type.Underlying is not Semantics.Types.InterfaceType;

    /// <summary>A select case receiving from a timer only: `<-time.After(d)`, `<-time.Tick(d)`, `<-t.C` of a
    /// time.Timer or Ticker. No goroutine of the program sends there.</summary>
    public static bool TimerReceive(Pass pass, Stmt comm)
    {
        var rhs = comm switch
        {
            ExprStmt { X: var x } => x,
            AssignStmt { Rhs: [var r] } => r,
            _ => null,
        };
        if (rhs == null || Expr.Unparen(rhs) is not UnaryExpr { Op: Token.Arrow, X: var ch }) return false;
        return Expr.Unparen(ch) switch
        {
            CallExpr call => Calls.Callee(pass.Info, call) is { Name: "After" or "Tick", Pkg.Path: "time", Signature.Recv: null },
            SelectorExpr { Sel.Name: "C", X: var t } => (pass.Info.TypeOf(t) is Semantics.Types.PointerType p ? p.Elem : pass.Info.TypeOf(t))
                is Semantics.Types.NamedType { Obj: { Name: "Timer" or "Ticker", Pkg.Path: "time" } },
            _ => false,
        };
    }

    /// <summary>A call of a method named Wait or Go (a WaitGroup's, an errgroup's) or, when counted, Do.</summary>
    public static bool IsWait(CallExpr c, bool countDo = true) =>
        Expr.Unparen(c.Fun) is SelectorExpr { Sel.Name: var name } && (name is "Wait" or "Go" || countDo && name == "Do");
}
