using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The http.Servers the package makes and keeps, with the handler functions each serves, for the wait
/// `srv.Shutdown(ctx)` is: Shutdown closes the listeners, then waits until every connection is idle, that is until
/// every handler in flight has returned (or ctx is done). A server is followed when the package makes it
/// (`&amp;http.Server{Handler: h.routes()}`) into a local or a field; a field's class is known only when every server
/// stored into it is one made here (a server handed in from outside may serve anything). Its handlers are what its
/// Handler is, as far as the package shows: a mux the package fills (`mux.HandleFunc("/x", h.serveX)`, `mux.Handle`,
/// in a local or a field), a function of the package returning one, `http.HandlerFunc(f)`, a method value, a literal,
/// or a value of a package type with a ServeHTTP method. A handler not resolved is left out: a rule asking which
/// handlers take a lock sees fewer of them, never one the server does not run.
/// </summary>
internal sealed class HttpServers
{
    public static readonly HttpServers None = new(null!);

    private readonly TypeInfo _info;
    private readonly Dictionary<string, HashSet<Node>> _byClass = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unknownClasses = new(StringComparer.Ordinal);
    private readonly Dictionary<Var, HashSet<Node>> _byLocal = new(ReferenceEqualityComparer.Instance);
    // What resolving handlers reads: the package's declarations, every value a local is given, and each mux's registrations.
    private readonly Dictionary<Func, FuncDecl> _declared = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Var, List<Expr>> _localValues = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, List<Expr>> _registered = new();

    private HttpServers(TypeInfo info) => _info = info;

    public bool IsEmpty => _byClass.Count == 0 && _byLocal.Count == 0;

    /// <summary>The handler functions (declarations or literals) of the servers a path may hold; null when the path
    /// holds no server followed here.</summary>
    public IReadOnlySet<Node>? HandlersOf(LockPath server)
    {
        if (IsEmpty) return null;
        if (server.Class is { } cls) return !_unknownClasses.Contains(cls) && _byClass.TryGetValue(cls, out var byClass) ? byClass : null;
        return server.Fields.Length == 0 && server.Indexes.Count == 0 && _byLocal.TryGetValue(server.Root, out var local) ? local : null;
    }

    /// <summary>`x.Shutdown(ctx)` on an http.Server: the receiver expression, or null.</summary>
    public static Expr? ShutdownReceiver(TypeInfo info, CallExpr call) =>
        call.Args.Count == 1 && Expr.Unparen(call.Fun) is SelectorExpr { Sel.Name: "Shutdown" } sel && Calls.Callee(info, call)?.FullName == "(*net/http.Server).Shutdown"
            ? sel.X : null;

    public static HttpServers Of(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        if (!UsesShutdown(info)) return None;
        var servers = new HttpServers(info);
        foreach (var fn in functions)
            if (fn.Function is FuncDecl fd && info.Defs.GetValueOrDefault(fd.Name) is Func f) servers._declared[f] = fd;
        foreach (var fn in functions) servers.Index(fn);
        // Locals made as servers, with the Handler values they are given.
        var made = new Dictionary<Var, List<Expr>>(ReferenceEqualityComparer.Instance);
        foreach (var (v, values) in servers._localValues)
            if (IsServerType(v.Type) && values.Count > 0 && values.TrueForAll(x => ServerLiteral(info, x) != null))
                made[v] = values.Select(x => ServerLiteral(info, x)!).SelectMany(lit => HandlerValues(lit)).ToList();
        foreach (var fn in functions)
            info.Nodes.Inspect(fn.Body, NodeKinds.FuncLit | NodeKinds.AssignStmt, n =>
            {
                if (n is FuncLit && !ReferenceEquals(n, fn.Function)) return false;
                // `srv.Handler = mux` on a local server.
                if (n is AssignStmt { Lhs: [SelectorExpr { Sel.Name: "Handler" } h], Rhs: [var value] } && Expr.Unparen(h.X) is Ident id
                    && info.ObjectOf(id) is Var v && made.TryGetValue(v, out var handlers)) handlers.Add(value);
                return true;
            });
        foreach (var (v, handlers) in made)
            if (!v.IsField && !LockPaths.IsGlobal(v)) servers._byLocal[v] = servers.Resolve(handlers);
        // Fields: every server stored into the class must be one made here.
        FieldValues.ForEach(info, functions, x => IsServerType(info.TypeOf(x)), (cls, _, value, _) =>
        {
            if (cls == null) return;
            var lit = ServerLiteral(info, value);
            var handlers = lit != null ? HandlerValues(lit).ToList()
                : Expr.Unparen(value) is Ident id && info.ObjectOf(id) is Var v && made.TryGetValue(v, out var hs) ? hs : null;
            if (handlers == null)
            {
                servers._unknownClasses.Add(cls);
                return;
            }
            if (!servers._byClass.TryGetValue(cls, out var set)) servers._byClass[cls] = set = new HashSet<Node>(ReferenceEqualityComparer.Instance);
            set.UnionWith(servers.Resolve(handlers));
        });
        return servers;
    }

    private static bool UsesShutdown(TypeInfo info)
    {
        foreach (var sel in info.Selections.Values)
            if (sel.Obj is Func { Name: "Shutdown" } f && f.FullName == "(*net/http.Server).Shutdown") return true;
        return false;
    }

    /// <summary>http.Server or *http.Server.</summary>
    private static bool IsServerType(GoType? t) =>
        (t is PointerType p ? p.Elem : t) is NamedType { Obj: { Name: "Server", Pkg.Path: "net/http" } };

    private static bool IsMuxType(GoType? t) =>
        (t is PointerType p ? p.Elem : t) is NamedType { Obj: { Name: "ServeMux", Pkg.Path: "net/http" } };

    /// <summary>`&amp;http.Server{...}` or `http.Server{...}`.</summary>
    private static CompositeLit? ServerLiteral(TypeInfo info, Expr e)
    {
        e = Expr.Unparen(e);
        if (e is UnaryExpr { Op: Syntax.Token.And } addr) e = Expr.Unparen(addr.X);
        return e is CompositeLit lit && IsServerType(info.TypeOf(lit)) ? lit : null;
    }

    private static IEnumerable<Expr> HandlerValues(CompositeLit lit) =>
        lit.Elts.OfType<KeyValueExpr>().Where(kv => kv.Key is Ident { Name: "Handler" }).Select(kv => kv.Value);

    /// <summary>Every value each local is given (`x := v`, `x = v`, `var x = v`), and each mux's registrations.</summary>
    private void Index(FunctionBody fn) =>
        _info.Nodes.Inspect(fn.Body, NodeKinds.FuncLit | NodeKinds.AssignStmt | NodeKinds.ValueSpec | NodeKinds.CallExpr, n =>
        {
            switch (n)
            {
                case FuncLit when !ReferenceEquals(n, fn.Function):
                    return false;
                case AssignStmt a when a.Lhs.Count == a.Rhs.Count:
                    for (var i = 0; i < a.Lhs.Count; i++)
                        if (Expr.Unparen(a.Lhs[i]) is Ident id && _info.ObjectOf(id) is Var { IsField: false } v) Given(v, a.Rhs[i]);
                    break;
                case ValueSpec vs when vs.Names.Count == vs.Values.Count:
                    for (var i = 0; i < vs.Names.Count; i++)
                        if (_info.Defs.GetValueOrDefault(vs.Names[i]) is Var v) Given(v, vs.Values[i]);
                    break;
                case CallExpr { Args.Count: 2, Fun: SelectorExpr { Sel.Name: "HandleFunc" or "Handle" } sel } call
                    when Calls.Callee(_info, call)?.FullName is "(*net/http.ServeMux).HandleFunc" or "(*net/http.ServeMux).Handle" && MuxKey(sel.X) is { } mux:
                    if (!_registered.TryGetValue(mux, out var handlers)) _registered[mux] = handlers = [];
                    handlers.Add(call.Args[1]);
                    break;
            }
            return true;
        });

    private void Given(Var v, Expr value)
    {
        if (!_localValues.TryGetValue(v, out var values)) _localValues[v] = values = [];
        values.Add(value);
    }

    /// <summary>A mux's identity: its local variable, or its field's class.</summary>
    private object? MuxKey(Expr e)
    {
        e = Expr.Unparen(e);
        if (e is Ident id && _info.ObjectOf(id) is Var { IsField: false } v && !LockPaths.IsGlobal(v)) return v;
        return LockPaths.Of(_info, e)?.Class is { } cls ? "class:" + cls : null;
    }

    /// <summary>The declaration of the package function or method an identifier or method value names.</summary>
    private FuncDecl? NamedFunc(Expr e) =>
        _info.ObjectOf(e is SelectorExpr sel ? sel.Sel : (Ident)e) is Func f && _declared.TryGetValue(f, out var fd) ? fd : null;

    private HashSet<Node> Resolve(IEnumerable<Expr> handlers)
    {
        var result = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var h in handlers) Resolve(h, 0, result, seen);
        return result;
    }

    /// <summary>The handler functions a Handler value runs, as far as the package shows (see the class summary).</summary>
    private void Resolve(Expr e, int depth, HashSet<Node> into, HashSet<object> seen)
    {
        e = Expr.Unparen(e);
        if (depth > 6 || !seen.Add(e)) return;
        if (e is FuncLit lit)
        {
            into.Add(lit);
            return;
        }
        var type = _info.TypeOf(e);
        if (IsMuxType(type))
        {
            if (MuxKey(e) is { } mux && _registered.TryGetValue(mux, out var registered))
                foreach (var r in registered) Resolve(r, depth + 1, into, seen);
            return;
        }
        switch (e)
        {
            case CallExpr { Args: [var converted] } conv when Calls.IsConversion(_info, conv):
                Resolve(converted, depth + 1, into, seen);
                return;
            case CallExpr call when Calls.Callee(_info, call) is { } callee && _declared.TryGetValue(callee, out var decl) && decl.Body != null:
                // A function of the package building the handler: what its returns give.
                _info.Nodes.Inspect(decl.Body, NodeKinds.FuncLit | NodeKinds.ReturnStmt, n =>
                {
                    if (n is FuncLit) return false;
                    if (n is ReturnStmt { Results: [var result] }) Resolve(result, depth + 1, into, seen);
                    return true;
                });
                return;
            case Ident or SelectorExpr when NamedFunc(e) is { } fd:
                into.Add(fd);
                return;
            case Ident id when _info.ObjectOf(id) is Var { IsField: false } v && _localValues.TryGetValue(v, out var values):
                foreach (var value in values) Resolve(value, depth + 1, into, seen);
                return;
        }
        // A value of a package type serving HTTP itself.
        if (type != null && type.Underlying is not InterfaceType && MemberLookup.Find(type, "ServeHTTP", null) is { Obj: Func serve } && _declared.TryGetValue(serve, out var method))
            into.Add(method);
    }
}
