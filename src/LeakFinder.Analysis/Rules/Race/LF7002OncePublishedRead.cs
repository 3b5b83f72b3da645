using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7002: a package variable or a field that only a sync.Once's Do function assigns, read by a function that
/// is reachable (it is exported, or called from one) without calling that Once's Do first. sync.Once orders
/// the initialisation only before the Do calls that return; a read that skips Do races with it and may see
/// the zero value. Docs: docs/rules/LF7002.md.
/// </summary>
public sealed class LF7002OncePublishedRead : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF7002", "once-published-read", RuleCategory.Race, Severity.Warning,
        "A value set inside sync.Once.Do is read without calling Do first")
    {
        Since = "0.5",
        Summary = "a variable or field only a `sync.Once`'s Do assigns, read by an exported function (or its callees) that never calls that Do first",
    };

    /// <summary>One Once: a package variable or a struct field of type sync.Once.</summary>
    private sealed record DoSite(Var Once, CallExpr Call, Node? Body);

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [Handoffs.WaitingFunctionsAnalysis];

    public override void Run(Pass pass)
    {
        // Without a Do call there are no sites (below), and nothing to report.
        if (!pass.UsesFunction("(*sync.Once).Do")) return;
        var decls = new Dictionary<Func, FuncDecl>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
            foreach (var d in file.File.Decls.OfType<FuncDecl>())
                if (d.Body != null && pass.Info.ObjectOf(d.Name) is Func f) decls[f] = d;
        var sites = DoSites(pass, decls);
        if (sites.Count == 0) return;
        var published = Published(pass, sites);
        if (published.Count == 0) return;
        var ensures = Ensures(pass, decls, sites);
        var waits = pass.ResultOf(Handoffs.WaitingFunctionsAnalysis);
        var calls = new CallSites(pass, decls, waits);
        var reported = new HashSet<FuncDecl>();
        foreach (var file in pass.Files)
            pass.Info.Nodes.Inspect(file.File, NodeKinds.Ident, (n, above) =>
            {
                if (n is not Ident id || pass.Info.Uses.GetValueOrDefault(id) is not Var v || !published.TryGetValue(v, out var writer)) return true;
                var ancestors = above.ToList();
                if (Access(id, ancestors) != Kind.Read || InsideDoBody(sites, id)) return true;
                if (ancestors.OfType<FuncDecl>().FirstOrDefault() is not { } decl || decl.Recv == null && decl.Name.Name is "init" or "main") return true;
                if (EnsuredBefore(pass, ensures, decl, writer.Once, id.Pos().Value) || pass.Info.ObjectOf(decl.Name) is Func self && waits.Contains(self)) return true;
                if (pass.Info.ObjectOf(decl.Name) is not Func f || !calls.ReachableWithout(f, writer.Once, ensures, sites)) return true;
                if (!reported.Add(decl)) return true;
                var once = writer.Site.Call.Fun is SelectorExpr sel ? Text(sel.X) : "once";
                pass.Report(id, $"{v.Name} is assigned only inside {once}.Do (line {pass.Line(writer.At)}) but {decl.Name.Name} reads it without calling {once}.Do first: the read races with the initialisation and may see the zero value; call {once}.Do before reading, or read through the function that does",
                    new RelatedLocation(pass.Span(writer.At), $"{v.Name} is assigned here, inside {once}.Do"));
                return true;
            });
    }

    /// <summary>The expression owning the Once (`c` of `c.initOnce.Do`); empty for a package-level Once.</summary>
    private static string OwnerText(DoSite site) =>
        site.Call.Fun is SelectorExpr { X: var x } && Expr.Unparen(x) is SelectorExpr owner ? Text(owner.X) : "";

    /// <summary>Whether a field write's object is the Once's owner: the same expression as in the Do call, or
    /// the receiver of the method handed to Do (`s.once.Do(s.init)`, `func (c *T) init()`).</summary>
    private static bool OwnedByOnceOwner(DoSite site, string owner) =>
        owner == OwnerText(site) || site.Body is FuncDecl { Recv.List: [{ Names: [var recv] }] } && owner == recv.Name;

    /// <summary>Whether the Do call is on a field of a variable the function around the call declares in its body.</summary>
    private static bool OnLocalObject(Pass pass, DoSite site)
    {
        if (site.Call.Fun is not SelectorExpr { X: var x } || Expr.Unparen(x) is not SelectorExpr owner) return false;
        var root = Expr.Unparen(owner.X);
        while (root is SelectorExpr s) root = Expr.Unparen(s.X);
        if (root is not Ident id || pass.Info.ObjectOf(id) is not Var v || LockPaths.IsGlobal(v)) return false;
        var enclosing = pass.Files.Select(f => f.File).SelectMany(f => f.Decls.OfType<FuncDecl>())
            .FirstOrDefault(d => d.Body != null && site.Call.Pos().Value >= d.Body.Pos().Value && site.Call.Pos().Value < d.Body.End().Value);
        return enclosing != null && v.Pos >= enclosing.Body!.Pos().Value && v.Pos < enclosing.Body.End().Value;
    }

    /// <summary>Whether the reading function is a method of a type whose every constructor in the package (a
    /// function returning it) calls the Once's Do: a value of the type exists only after the Do.</summary>
    private static bool ConstructedAfterDo(Pass pass, Dictionary<Func, FuncDecl> decls, Dictionary<Func, HashSet<Var>> ensures, FuncDecl decl, Var once)
    {
        if (decl.Recv is not { List: [{ Type: { } recvType }] } || pass.Info.TypeOf(recvType) is not { } t) return false;
        var named = t is PointerType p ? p.Elem : t;
        var any = false;
        foreach (var (f, d) in decls)
        {
            if (d.Recv != null || f.Type is not SignatureType sig || !sig.Results.Vars.Any(r => Named(r.Type) == named)) continue;
            if (!ensures[f].Contains(once)) return false;
            any = true;
        }
        return any;
    }

    private static GoType Named(GoType t) => t is PointerType p ? p.Elem : t;

    private static string Text(Expr e) => ExprText.Path(Expr.Unparen(e) is UnaryExpr { Op: Syntax.Token.And } u ? u.X : e) ?? "once";

    /// <summary>The Once a call `x.Do(f)` is on, when x names a package variable or a field (a local Once
    /// lives and dies with its function), and the body of f: a literal or a function of this package.</summary>
    private static List<DoSite> DoSites(Pass pass, Dictionary<Func, FuncDecl> decls)
    {
        var found = new List<DoSite>();
        foreach (var file in pass.Files)
            pass.Info.Nodes.Inspect(file.File, NodeKinds.CallExpr, n =>
            {
                if (n is CallExpr { Args.Count: 1 } call && OnceOf(pass, call) is { } once)
                {
                    Node? body = Expr.Unparen(call.Args[0]) switch
                    {
                        FuncLit lit => lit,
                        Ident id when pass.Info.ObjectOf(id) is Func f => decls.GetValueOrDefault(f),
                        SelectorExpr s when pass.Info.ObjectOf(s.Sel) is Func f => decls.GetValueOrDefault(f.Declared),
                        _ => null,
                    };
                    found.Add(new DoSite(once, call, body));
                }
                return true;
            });
        return found;
    }

    private static Var? OnceOf(Pass pass, CallExpr call)
    {
        if (Expr.Unparen(call.Fun) is not SelectorExpr { Sel.Name: "Do" } sel || Calls.Callee(pass.Info, call)?.FullName != "(*sync.Once).Do") return null;
        var x = Expr.Unparen(sel.X) is UnaryExpr { Op: Token.And } u ? Expr.Unparen(u.X) : Expr.Unparen(sel.X);
        return x switch
        {
            Ident id when pass.Info.ObjectOf(id) is Var v && LockPaths.IsGlobal(v) => v,
            SelectorExpr s when pass.Info.ObjectOf(s.Sel) is Var { IsField: true } v => v,
            _ => null,
        };
    }

    private static bool InsideDoBody(List<DoSite> sites, Node n) =>
        sites.Exists(s => s.Body != null && n.Pos().Value >= s.Body.Pos().Value && n.Pos().Value < s.Body.End().Value);

    private enum Kind { Read, Write, Address }

    /// <summary>What the mention id does to its variable: assigns it, takes its address, or reads it.</summary>
    private static Kind Access(Ident id, IReadOnlyList<Node> ancestors)
    {
        var k = ancestors.Count - 1;
        Expr self = id;
        if (k >= 0 && ancestors[k] is SelectorExpr sel && ReferenceEquals(sel.Sel, id)) self = (Expr)ancestors[k--];
        while (k >= 0 && ancestors[k] is ParenExpr p && ReferenceEquals(p.X, self)) self = (Expr)ancestors[k--];
        if (k < 0) return Kind.Read;
        return ancestors[k] switch
        {
            AssignStmt a when a.Lhs.Contains(self) => Kind.Write,
            IncDecStmt inc when ReferenceEquals(inc.X, self) => Kind.Write,
            RangeStmt r when ReferenceEquals(r.Key, self) || ReferenceEquals(r.Value, self) => Kind.Write,
            UnaryExpr { Op: Token.And } => Kind.Address,
            KeyValueExpr kv when ReferenceEquals(kv.Key, self) && k > 0 && ancestors[k - 1] is CompositeLit => Kind.Write,
            // A method call on it may change it (x.Reset(), a pointer receiver): an address in disguise.
            SelectorExpr outer when ReferenceEquals(outer.X, self) && k > 0 && ancestors[k - 1] is CallExpr c && ReferenceEquals(c.Fun, outer) => Kind.Address,
            _ => Kind.Read,
        };
    }

    /// <summary>The variables and fields assigned inside exactly one Once's Do bodies and written nowhere else
    /// (no other assignment, no address taken, no composite literal setting the field), with one such write.</summary>
    private static Dictionary<Var, (Var Once, Node At, DoSite Site)> Published(Pass pass, List<DoSite> sites)
    {
        var candidates = new Dictionary<Var, (Var Once, Node At, DoSite Site)>(ReferenceEqualityComparer.Instance);
        var spoiled = new HashSet<Var>(ReferenceEqualityComparer.Instance);
        foreach (var site in sites)
        {
            if (site.Body == null) continue;
            pass.Info.Nodes.Inspect(site.Body, NodeKinds.Ident, (n, above) =>
            {
                if (n is Ident id && pass.Info.Uses.GetValueOrDefault(id) is Var v && (v.IsField || LockPaths.IsGlobal(v))
                    && v.Pkg == pass.Package && above.ToList() is var ancestors && Access(id, ancestors) == Kind.Write && ancestors[^1] is not KeyValueExpr)
                {
                    // A field of another object (an element of a table the Do builds) is not what the Once publishes.
                    if (v.IsField && (ancestors[^1] is not SelectorExpr owner || !OwnedByOnceOwner(site, Text(owner.X)))) return true;
                    // A Once on an object the function is still building (rt := New(); rt.once.Do(...)) runs before
                    // anyone else sees the object: a constructor's write.
                    if (candidates.TryGetValue(v, out var seen) && !ReferenceEquals(seen.Once, site.Once) || OnLocalObject(pass, site)) spoiled.Add(v);
                    else candidates.TryAdd(v, (site.Once, ancestors.Last(a => a is Stmt), site));
                }
                return true;
            });
        }
        if (candidates.Count == 0) return candidates;
        foreach (var file in pass.Files)
            pass.Info.Nodes.Inspect(file.File, NodeKinds.Ident | NodeKinds.CompositeLit, (n, above) =>
            {
                switch (n)
                {
                    case Ident id when pass.Info.ObjectOf(id) is Var v && candidates.ContainsKey(v) && above.ToList() is var ancestors:
                        // Its declaration with a value (var x = f()) or any write outside a Do body spoils it.
                        if (pass.Info.Defs.ContainsKey(id) && ancestors[^1] is ValueSpec { Values.Count: > 0 }) spoiled.Add(v);
                        else if (Access(id, ancestors) != Kind.Read && !InsideDoBody(sites, id)) spoiled.Add(v);
                        break;
                    case CompositeLit lit when lit.Elts.Count > 0 && lit.Elts[0] is not KeyValueExpr
                                               && pass.Info.TypeOf(lit)?.Underlying is Semantics.Types.StructType st:
                        // Positional struct literal: sets every field.
                        foreach (var c in candidates.Keys)
                            if (st.Fields.Contains(c)) spoiled.Add(c);
                        break;
                }
                return true;
            });
        foreach (var v in spoiled) candidates.Remove(v);
        return candidates;
    }

    /// <summary>For each function of the package, the Onces whose Do it calls (itself, or through a function of
    /// the package it calls) in its own statements.</summary>
    private static Dictionary<Func, HashSet<Var>> Ensures(Pass pass, Dictionary<Func, FuncDecl> decls, List<DoSite> sites)
    {
        var direct = new Dictionary<Func, (HashSet<Var> Onces, List<Func> Callees)>(ReferenceEqualityComparer.Instance);
        // The first site of each call, looked up per call of every body (a list search with a closure per call was
        // a third of this rule's time).
        var siteOf = new Dictionary<CallExpr, DoSite>(ReferenceEqualityComparer.Instance);
        foreach (var s in sites) siteOf.TryAdd(s.Call, s);
        foreach (var (f, d) in decls)
        {
            var onces = new HashSet<Var>(ReferenceEqualityComparer.Instance);
            var callees = new List<Func>();
            pass.Info.Nodes.Inspect(d.Body!, NodeKinds.FuncLit | NodeKinds.CallExpr, n =>
            {
                if (n is FuncLit) return false;
                if (n is CallExpr c)
                {
                    if (siteOf.TryGetValue(c, out var site)) onces.Add(site.Once);
                    else if (Calls.Callee(pass.Info, c) is { } callee && decls.ContainsKey(callee)) callees.Add(callee);
                }
                return true;
            });
            direct[f] = (onces, callees);
        }
        var result = new Dictionary<Func, HashSet<Var>>(ReferenceEqualityComparer.Instance);
        foreach (var (f, (onces, _)) in direct) result[f] = onces;
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (f, (_, callees)) in direct)
                foreach (var callee in callees)
                    foreach (var once in result[callee])
                        changed |= result[f].Add(once);
        }
        return result;
    }

    /// <summary>Whether the function calls the Once's Do (or a function that does) before position pos, outside its literals.</summary>
    private static bool EnsuredBefore(Pass pass, Dictionary<Func, HashSet<Var>> ensures, FuncDecl decl, Var once, int pos)
    {
        var found = false;
        pass.Info.Nodes.Inspect(decl.Body!, NodeKinds.FuncLit | NodeKinds.CallExpr, n =>
        {
            if (found || n is FuncLit) return false;
            if (n is CallExpr c && c.Pos().Value < pos)
            {
                if (Expr.Unparen(c.Fun) is SelectorExpr { Sel.Name: "Do" } && OnceOf(pass, c) is { } o && ReferenceEquals(o, once)) found = true;
                else if (Calls.Callee(pass.Info, c) is { } f && ensures.TryGetValue(f, out var set) && set.Contains(once)) found = true;
            }
            return !found;
        });
        return found;
    }

    /// <summary>Who calls each function of the package, to decide whether a function can run without the Do.</summary>
    private sealed class CallSites
    {
        private readonly Pass _pass;
        private readonly Dictionary<Func, FuncDecl> _decls;
        private readonly Dictionary<Func, List<(CallExpr Call, FuncDecl? Caller)>> _calls = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<Func> _escapes = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<(Func, Var), bool> _memo = new();

        private readonly IReadOnlySet<Func> _waits;

        public CallSites(Pass pass, Dictionary<Func, FuncDecl> decls, IReadOnlySet<Func> waits)
        {
            _waits = waits;
            _pass = pass;
            _decls = decls;
            foreach (var file in pass.Files)
                pass.Info.Nodes.Inspect(file.File, NodeKinds.Ident, (n, above) =>
                {
                    if (n is not Ident id || pass.Info.Uses.GetValueOrDefault(id) is not Func f || !decls.ContainsKey(f)) return true;
                    var ancestors = above.ToList();
                    var k = ancestors.Count - 1;
                    Expr self = id;
                    if (k >= 0 && ancestors[k] is SelectorExpr sel && ReferenceEquals(sel.Sel, id)) self = (Expr)ancestors[k--];
                    if (k >= 0 && ancestors[k] is CallExpr call && ReferenceEquals(call.Fun, self))
                    {
                        if (!_calls.TryGetValue(f, out var list)) _calls[f] = list = [];
                        list.Add((call, ancestors.OfType<FuncDecl>().FirstOrDefault()));
                    }
                    else _escapes.Add(f); // a function value: called from where we do not see
                    return true;
                });
        }

        /// <summary>Whether other packages can call f: an exported function, or an exported method of an exported
        /// type (a method of an unexported type is reached only through values this package hands out).</summary>
        private static bool Entry(Func f) =>
            f.Exported && (f.Type is not SignatureType { Recv: { } recv }
                           || (recv.Type is PointerType p ? p.Elem : recv.Type) is NamedType { Obj.Exported: true });

        /// <summary>Whether f can run without the Once's Do having been called: it is exported (any importer may
        /// call it), or some caller reaches its call without the Do and is itself reachable so. Unexported functions
        /// used as values, or never called, are unknown and answer false.</summary>
        public bool ReachableWithout(Func f, Var once, Dictionary<Func, HashSet<Var>> ensures, List<DoSite> sites)
        {
            if (_memo.TryGetValue((f, once), out var known)) return known;
            _memo[(f, once)] = false; // a cycle adds nothing
            var result = false;
            if (ConstructedAfterDo(_pass, _decls, ensures, _decls[f], once)) result = false;
            else if (Entry(f) && !_escapes.Contains(f)) result = true;
            else if (!_escapes.Contains(f))
                foreach (var (call, caller) in _calls.GetValueOrDefault(f) ?? [])
                {
                    if (caller == null || InsideDoBody(sites, call) || _pass.Info.ObjectOf(caller.Name) is Func cw && _waits.Contains(cw)) continue;
                    if (EnsuredBefore(_pass, ensures, caller, once, call.Pos().Value)) continue;
                    if (_pass.Info.ObjectOf(caller.Name) is Func cf && ReachableWithout(cf, once, ensures, sites))
                    {
                        result = true;
                        break;
                    }
                }
            _memo[(f, once)] = result;
            return result;
        }
    }
}
