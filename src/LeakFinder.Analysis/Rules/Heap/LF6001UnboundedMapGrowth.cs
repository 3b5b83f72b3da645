using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using MapType = LeakFinder.Semantics.Types.MapType;
using SliceType = LeakFinder.Semantics.Types.SliceType;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Heap;

/// <summary>
/// LF6001: a map (or slice) that lives as long as the process and grows by one entry per distinct client,
/// path or header value. The holders are the package's unexported package-level maps and slices, and the
/// unexported map and slice fields of its long-lived types: a type a package variable holds, a server, cache
/// or registry type a New* constructor returns, an http.Handler, a server accepting on a net.Listener. A
/// holder is reported when the package inserts into it with a key (or appends a value) that carries request
/// data (<see cref="RequestData"/>) and nothing in the package ever deletes from it, clears it, replaces it
/// or compares its len. Keys the program chooses itself (registries filled at start-up, caches keyed by names
/// or sizes in code) are not known to be unbounded, and any use the rule does not follow (the map handed to
/// a function, aliased, its address taken) silences it: someone else may evict. Docs: docs/rules/LF6001.md.
/// </summary>
public sealed class LF6001UnboundedMapGrowth : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF6001", "unbounded-map-growth", RuleCategory.MemoryRetention, Severity.Warning,
        "A long-lived map or slice only grows")
    {
        Since = "0.4",
        Summary = "a package-level map or slice, or a map field of a long-lived server or handler, keyed by request data and never deleted from, cleared or bounded in the package",
    };

    private enum Use { Read, Insert, Stop, Unknown }

    private sealed class Holder(GoObject obj, string display, bool isSlice)
    {
        public GoObject Obj { get; } = obj;
        public string Display { get; } = display;
        public bool IsSlice { get; } = isSlice;
        public List<(Node Site, FuncDecl? In, IReadOnlyList<Expr> Added)> Inserts { get; } = [];
        public bool Silenced { get; set; }
    }

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [RequestData.Analysis];

    public override void Run(Pass pass)
    {
        var holders = Holders(pass);
        if (holders.Count == 0) return;
        var mentioning = FilesMentioning(pass, holders);
        foreach (var file in pass.Files)
            if (mentioning.Contains(file.TokenFile)) Classify(pass, file.File, holders);
        RequestData? requests = null;
        foreach (var h in holders.Values.Distinct().OrderBy(h => h.Obj.Pos))
        {
            if (h.Silenced || h.Inserts.Count == 0) continue;
            requests ??= pass.ResultOf(RequestData.Analysis);
            var insert = h.Inserts.FirstOrDefault(i => i.In != null && i.Added.Any(requests.Carries));
            if (insert.Site == null) continue;
            var at = pass.FileSet.Position(insert.Site.Pos());
            var verb = h.IsSlice ? "appends to it" : "inserts into it";
            var stops = h.IsSlice ? "shrinks, clears or replaces it" : "deletes from it, clears or replaces it";
            pass.Report(insert.Site,
                $"{h.Display} only grows: {insert.In!.Name.Name} {verb} at {Path.GetFileName(at.Filename)}:{at.Line} {(h.IsSlice ? "a value" : "with a key")} taken from the request or connection, and nothing in package {pass.Package.Name} {stops}, or checks its len: every new {(h.IsSlice ? "element" : "key")} stays in memory for the life of the process",
                new RelatedLocation(pass.Span(new Pos(h.Obj.Pos), Pos.NoPos), $"{h.Display} is declared here"));
        }
    }

    /// <summary>The package's unexported package-level maps and slices and the unexported map and slice fields
    /// of its long-lived struct types, keyed by their object (a field is reached through its selector's Sel).</summary>
    private static Dictionary<GoObject, Holder> Holders(Pass pass)
    {
        var holders = new Dictionary<GoObject, Holder>(ReferenceEqualityComparer.Instance);
        foreach (var obj in pass.Package.Scope.Names.Values)
            if (obj is Var { Exported: false } v && Grows(v.Type) is { } isSlice) holders[v] = new Holder(v, v.Name, isSlice);
        var longLived = LongLived.Types(pass);
        foreach (var t in longLived)
            foreach (var field in ((StructType)t.Underlying).Fields)
                if (!field.Exported && !field.Embedded && Grows(field.Type) is { } isSlice)
                    holders[field] = new Holder(field, $"{t.Obj.Name}.{field.Name}", isSlice);
        return holders;
    }

    /// <summary>The files with an identifier that uses a holder: Classify does nothing in the others, and a pass
    /// over the package's uses costs far less than a walk of each file's tree.</summary>
    private static HashSet<TokenFile> FilesMentioning(Pass pass, Dictionary<GoObject, Holder> holders)
    {
        var files = new HashSet<TokenFile>(ReferenceEqualityComparer.Instance);
        foreach (var (id, obj) in pass.Info.Uses)
            if (holders.ContainsKey(obj))
                foreach (var file in pass.Files)
                    if (file.TokenFile.Contains(id.Pos())) files.Add(file.TokenFile);
        return files;
    }

    /// <summary>True for a slice, false for a map whose keys can be many, null for neither: keys from a small
    /// finite domain (bool, an enum-like named type, reflect.Type) cannot grow without bound.</summary>
    private static bool? Grows(GoType t)
    {
        switch (t.Underlying)
        {
            case SliceType: return true;
            case MapType m:
                var key = m.Key;
                if (key.Underlying is BasicType { Kind: BasicKind.Bool }) return null;
                if (key is NamedType named && (named.Underlying is BasicType || named.Obj.Pkg?.Path == "reflect")) return null;
                return false;
            default: return null;
        }
    }

    private static void Classify(Pass pass, LeakFinder.Syntax.Ast.File file, Dictionary<GoObject, Holder> holders)
    {
        pass.Info.Nodes.Inspect(file, NodeKinds.Ident, (n, above) =>
        {
            if (n is Ident id && pass.Info.Uses.TryGetValue(id, out var obj) && holders.TryGetValue(obj, out var h) && !h.Silenced)
            {
                var ancestors = above.ToList();
                var k = ancestors.Count - 1;
                Expr self = id;
                if (k >= 0 && ancestors[k] is SelectorExpr sel && ReferenceEquals(sel.Sel, id)) self = (Expr)ancestors[k--];
                while (k >= 0 && ancestors[k] is ParenExpr p && ReferenceEquals(p.X, self))
                {
                    self = p;
                    k--;
                }
                switch (UseOf(pass, holders, h, ancestors, k, self))
                {
                    case Use.Insert when !Once.Encloses(pass.Info, ancestors):
                        h.Inserts.Add((ancestors[k], ancestors.OfType<FuncDecl>().FirstOrDefault(), Added(ancestors[k])));
                        break;
                    case Use.Stop or Use.Unknown:
                        h.Silenced = true;
                        break;
                }
            }
            return true;
        });
    }

    /// <summary>What the mention <paramref name="self"/> of holder h does; ancestors[k] is its parent.</summary>
    private static Use UseOf(Pass pass, Dictionary<GoObject, Holder> holders, Holder h, List<Node> ancestors, int k, Expr self)
    {
        if (k < 0) return Use.Unknown;
        switch (ancestors[k])
        {
            case IndexExpr ix when ReferenceEquals(ix.X, self):
                if (h.IsSlice) return Use.Read;
                var above = k > 0 ? ancestors[k - 1] : null;
                if (above is AssignStmt store && store.Lhs.Contains(ix)) return Use.Insert;
                if (above is IncDecStmt inc && ReferenceEquals(inc.X, ix)) return Use.Insert;
                return Use.Read;
            case AssignStmt a when a.Lhs.Contains(self):
                var i = 0;
                while (!ReferenceEquals(a.Lhs[i], self)) i++;
                if (a.Rhs.Count == a.Lhs.Count && Expr.Unparen(a.Rhs[i]) is CallExpr c && Calls.BuiltinName(pass.Info, c) == "append"
                    && c.Args.Count > 0 && SameHolder(pass, holders, c.Args[0], h)) return Use.Insert;
                return IsInitialisation(pass, holders, h, ancestors, self) ? Use.Read : Use.Stop;
            case CallExpr call when call.Args.Contains(self):
                switch (Calls.BuiltinName(pass.Info, call))
                {
                    case "delete" or "clear": return Use.Stop;
                    case "len" or "cap": return InComparison(ancestors, k) ? Use.Stop : Use.Read;
                    case "append" when ReferenceEquals(call.Args[0], self): return Use.Read;
                    default: return Use.Unknown;
                }
            case RangeStmt r when ReferenceEquals(r.X, self): return Use.Read;
            case SliceExpr s when ReferenceEquals(s.X, self): return Use.Read;
            case KeyValueExpr kv when ReferenceEquals(kv.Key, self): return Use.Read;
            case BinaryExpr { Op: Token.Eql or Token.Neq } b when pass.Info.IsNil(ReferenceEquals(b.X, self) ? b.Y : b.X): return Use.Read;
            default: return Use.Unknown;
        }
    }

    /// <summary>A holder given its first value, which no insert has filled yet: a package variable in init, a
    /// field of a value the function itself just made (its variable is a local), or a lazy `if m == nil { m = ... }`.</summary>
    private static bool IsInitialisation(Pass pass, Dictionary<GoObject, Holder> holders, Holder h, List<Node> ancestors, Expr self)
    {
        var fn = ancestors.OfType<FuncDecl>().FirstOrDefault();
        if (fn is { Recv: null, Name.Name: "init" }) return true;
        if (self is SelectorExpr { X: Ident local } && fn?.Body != null && pass.Info.ObjectOf(local) is Var v
            && v.Pos >= fn.Body.Pos().Value && v.Pos < fn.Body.End().Value) return true;
        for (var i = ancestors.Count - 1; i >= 0; i--)
            if (ancestors[i] is IfStmt { Cond: BinaryExpr { Op: Token.Eql } cond }
                && (SameHolder(pass, holders, cond.X, h) && pass.Info.IsNil(cond.Y) || SameHolder(pass, holders, cond.Y, h) && pass.Info.IsNil(cond.X)))
                return true;
        return false;
    }

    private static bool SameHolder(Pass pass, Dictionary<GoObject, Holder> holders, Expr e, Holder h)
    {
        var id = Expr.Unparen(e) switch
        {
            Ident i => i,
            SelectorExpr s => s.Sel,
            _ => null,
        };
        return id != null && pass.Info.Uses.TryGetValue(id, out var obj) && holders.TryGetValue(obj, out var other) && ReferenceEquals(other, h);
    }


    /// <summary>Whether the len or cap call at ancestors[k] is part of a comparison: a bound, or a check that decides
    /// when to evict or reset. Either way the rule cannot say the holder grows without limit.</summary>
    private static bool InComparison(List<Node> ancestors, int k)
    {
        for (var i = k - 1; i >= 0 && ancestors[i] is Expr; i--)
            if (ancestors[i] is BinaryExpr { Op: Token.Lss or Token.Leq or Token.Gtr or Token.Geq or Token.Eql or Token.Neq }) return true;
        return false;
    }

    /// <summary>What an insert adds: a map insert's key (its values do not add keys), an append's values.</summary>
    private static IReadOnlyList<Expr> Added(Node insert) => insert switch
    {
        IndexExpr ix => [ix.Index],
        AssignStmt { Rhs.Count: 1 } a when Expr.Unparen(a.Rhs[0]) is CallExpr append => append.Args.Skip(1).ToList(),
        AssignStmt a => a.Rhs.ToList(),
        _ => [],
    };
}
