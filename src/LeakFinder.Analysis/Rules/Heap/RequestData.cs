using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Heap;

/// <summary>
/// Which expressions of a package carry data a peer chooses: anything read from an *http.Request, a URL, a
/// header, a cookie, a net.Conn or a net.Addr, and the locals and parameters it flows into. A local is tainted
/// when it is assigned a tainted value anywhere in its function; a function's parameter when some call in the
/// package passes a tainted argument (to a fixpoint over the package's calls). A map keyed by such
/// data gets a new key per distinct client, path or header value, which is what makes its growth unbounded;
/// a key from the program's own values (configuration, names in code, sizes) is not known to be.
/// One per package, shared by the rules that ask (LF6001, LF6004), computed when the first of them asks.
/// </summary>
public sealed class RequestData
{
    public static readonly PackageAnalysis<RequestData> Analysis =
        new("request-data", "which locals and parameters carry data a peer chooses (an *http.Request's, a net.Conn's)", pass => new RequestData(pass))
        {
            OnDemand = true,
        };

    private readonly TypeInfo _info;
    private readonly HashSet<GoObject> _tainted = new(ReferenceEqualityComparer.Instance);

    private RequestData(AnalysisPass pass)
    {
        _info = pass.Info;
        Propagate(pass);
    }

    /// <summary>Request fields with a handful of values: the method and protocol cannot make a map grow.</summary>
    private static readonly HashSet<string> BoundedFields = new(StringComparer.Ordinal) { "Method", "Proto", "ProtoMajor", "ProtoMinor", "Scheme" };

    private void Propagate(AnalysisPass pass)
    {
        // Taint starts only at an expression of a request type (see Carries): a package where no expression or
        // object has one (most packages: they never reach net) has nothing to propagate.
        if (!MentionsRequestType()) return;
        var decls = pass.Package.Files.SelectMany(f => f.File.Decls.OfType<FuncDecl>()).Where(d => d.Body != null).ToList();
        var byObject = new Dictionary<GoObject, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var d in decls)
            if (_info.ObjectOf(d.Name) is Func f) byObject[f] = d;
        var flows = new List<(Var To, Expr From)>();
        foreach (var d in decls) CollectFlows(d, byObject, flows);
        // What each flow's value reads, found once: a round then asks whether one of its variables is tainted
        // instead of walking the value again (Carries(from) is exactly that).
        var reads = new (bool Own, List<Var>? Vars)[flows.Count];
        for (var i = 0; i < flows.Count; i++) reads[i] = Reads(flows[i].From);
        // Each round can only add taint, and there are finitely many variables; the cap keeps a pathological
        // package from taking long, at the price of missing a longer chain. A round visits the flows in source
        // order, as a walk of every body would, without walking the bodies again.
        for (var round = 0; round < 8; round++)
        {
            var before = _tainted.Count;
            for (var i = 0; i < flows.Count; i++)
                if (!_tainted.Contains(flows[i].To) && (reads[i].Own || reads[i].Vars?.Exists(_tainted.Contains) == true)) _tainted.Add(flows[i].To);
            if (_tainted.Count == before) break;
        }
    }

    /// <summary>Whether any expression's type or any identifier's object's type (what <see cref="TypeInfo.TypeOf"/>
    /// answers from) is a request type.</summary>
    private bool MentionsRequestType()
    {
        foreach (var tv in _info.Types.Values)
            if (IsRequestType(tv.Type)) return true;
        foreach (var obj in _info.Uses.Values)
            if (IsRequestType(obj.Type)) return true;
        foreach (var obj in _info.Defs.Values)
            if (obj != null && IsRequestType(obj.Type)) return true;
        return false;
    }

    /// <summary>Whether the expression reads request data (the key of an insert, the value appended).</summary>
    public bool Carries(Expr e)
    {
        var found = false;
        Walker.Inspect(e, n =>
        {
            if (found || n == null || n is FuncLit) return false;
            switch (n)
            {
                case SelectorExpr { Sel.Name: var field } sel when BoundedFields.Contains(field) && IsRequestType(_info.TypeOf(sel.X)):
                    return false;
                case Ident id when _info.ObjectOf(id) is Var v && _tainted.Contains(v):
                    found = true;
                    return false;
                // A value the code builds itself (&net.TCPAddr{...}) is not read from a peer; its fields may be.
                case CompositeLit or UnaryExpr { X: CompositeLit }:
                    return true;
                case Expr x when _info.Types.TryGetValue(x, out var tv) && tv.IsType:
                    return false;
                case Expr x when IsRequestType(_info.TypeOf(x)):
                    found = true;
                    return false;
            }
            return true;
        });
        return found;
    }

    /// <summary>What <see cref="Carries"/> of the expression depends on, in one walk of the nodes Carries would
    /// visit: whether it reads request data whatever is tainted (an expression of a request type), and the variables
    /// whose taint it carries. Carries(e) is Own, or one of Vars tainted.</summary>
    private (bool Own, List<Var>? Vars) Reads(Expr e)
    {
        var own = false;
        List<Var>? vars = null;
        Walker.Inspect(e, n =>
        {
            if (own || n == null || n is FuncLit) return false;
            switch (n)
            {
                case SelectorExpr { Sel.Name: var field } sel when BoundedFields.Contains(field) && IsRequestType(_info.TypeOf(sel.X)):
                    return false;
                case CompositeLit or UnaryExpr { X: CompositeLit }:
                    return true;
            }
            // An identifier Carries finds tainted ends its walk there; untainted, it goes on to the cases below.
            if (n is Ident id && _info.ObjectOf(id) is Var v) (vars ??= []).Add(v);
            switch (n)
            {
                case Expr x when _info.Types.TryGetValue(x, out var tv) && tv.IsType:
                    return false;
                case Expr x when IsRequestType(_info.TypeOf(x)):
                    own = true;
                    return false;
            }
            return true;
        });
        return (own, vars);
    }

    /// <summary>Where a body's values flow into a local or a parameter: the right-hand side into each assigned or
    /// declared local, a ranged-over value into its key and value locals, an argument into the parameter of a
    /// package function. Taint moves along these only.</summary>
    private void CollectFlows(FuncDecl d, Dictionary<GoObject, FuncDecl> byObject, List<(Var To, Expr From)> flows)
    {
        _info.Nodes.Inspect(d.Body!, NodeKinds.AssignStmt | NodeKinds.ValueSpec | NodeKinds.RangeStmt | NodeKinds.CallExpr, n =>
        {
            switch (n)
            {
                case AssignStmt a:
                    for (var i = 0; i < a.Lhs.Count; i++)
                    {
                        var rhs = a.Rhs.Count == a.Lhs.Count ? a.Rhs[i] : a.Rhs[0];
                        if (a.Lhs[i] is Ident id && IsLocal(id) is { } v) flows.Add((v, rhs));
                    }
                    break;
                case ValueSpec vs when vs.Values.Count > 0:
                    for (var i = 0; i < vs.Names.Count; i++)
                    {
                        var rhs = vs.Values.Count == vs.Names.Count ? vs.Values[i] : vs.Values[0];
                        if (IsLocal(vs.Names[i]) is { } v) flows.Add((v, rhs));
                    }
                    break;
                case RangeStmt r:
                    if (r.Key is Ident k && IsLocal(k) is { } kv) flows.Add((kv, r.X));
                    if (r.Value is Ident val && IsLocal(val) is { } vv) flows.Add((vv, r.X));
                    break;
                case CallExpr call when Calls.Callee(_info, call) is { } f && byObject.ContainsKey(f) && f.Signature is { } sig:
                    for (var i = 0; i < call.Args.Count && i < sig.Params.Count; i++) flows.Add((sig.Params[i], call.Args[i]));
                    break;
            }
            return true;
        });
    }

    /// <summary>A variable declared inside a function (not a package variable or field): its taint is its own.</summary>
    private Var? IsLocal(Ident id)
    {
        if (_info.ObjectOf(id) is not Var { IsField: false } v) return null;
        if (v.Pkg != null && v.Pkg.Scope.Names.TryGetValue(v.Name, out var top) && ReferenceEquals(top, v)) return null;
        return v;
    }

    /// <summary>The types whose values a peer controls: the request and its parts, and the connection.</summary>
    private static bool IsRequestType(GoType? t)
    {
        if (t is PointerType p) t = p.Elem;
        if (t is not NamedType { Obj: { Pkg: { } pkg } obj }) return false;
        return pkg.Path switch
        {
            "net/http" => obj.Name is "Request" or "Header" or "Cookie",
            "net/url" => obj.Name is "URL" or "Values",
            "net" => obj.Name is "Conn" or "Addr" or "TCPConn" or "UDPConn" or "UnixConn" or "TCPAddr" or "UDPAddr" or "UnixAddr",
            _ => false,
        };
    }
}
