using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using SliceType = LeakFinder.Semantics.Types.SliceType;

namespace LeakFinder.Analysis.Rules.Heap;

/// <summary>
/// LF6003: a small piece of a whole input (a file read with os.ReadFile, a body read with io.ReadAll, a large
/// constant-size buffer) kept in long-lived storage without a copy. A subslice, a substring, a strings.Split
/// or regexp submatch result shares the whole input's backing array, so the kept piece holds the whole array
/// alive as long as the storage holds the piece. Long-lived storage is a package variable of the package, a
/// field of a <see cref="LongLived"/> type, or a map or slice held by either. Copies (string(b), []byte(s),
/// bytes.Clone, strings.Clone, append([]byte(nil), b...), any call the rule does not know to share) end the
/// sharing. Storing the whole input itself, or a whole collection of its pieces, is not a subslice problem.
/// Stores in init, main and under a sync.Once keep one input once and are not reported. Docs: docs/rules/LF6003.md.
/// </summary>
public sealed class LF6003SubsliceRetainsBuffer : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF6003", "subslice-retains-buffer", RuleCategory.MemoryRetention, Severity.Warning,
        "A kept subslice holds a whole input buffer alive")
    {
        Since = "0.5",
        Summary = "a subslice, substring, Split piece or regexp submatch of a whole file or body stored in a package variable or a long-lived type's field without a copy",
    };

    private enum Share { None, Whole, Piece, Pieces }

    /// <summary>Calls that return a whole input: everything a reader or file holds, in one array.</summary>
    private static readonly HashSet<string> WholeReads = new(StringComparer.Ordinal)
    {
        "os.ReadFile", "io/ioutil.ReadFile", "io.ReadAll", "io/ioutil.ReadAll", "(*bytes.Buffer).Bytes",
    };

    /// <summary>Functions of strings and bytes whose results are slices of their first argument.</summary>
    private static readonly HashSet<string> PieceFuncs = new(StringComparer.Ordinal)
    {
        "TrimSpace", "Trim", "TrimLeft", "TrimRight", "TrimPrefix", "TrimSuffix", "TrimFunc", "TrimLeftFunc", "TrimRightFunc", "Cut", "CutPrefix", "CutSuffix",
    };

    private static readonly HashSet<string> PiecesFuncs = new(StringComparer.Ordinal)
    {
        "Split", "SplitN", "SplitAfter", "SplitAfterN", "Fields", "FieldsFunc",
    };

    /// <summary>A constant-size make at least this big is a whole buffer too (a message read into a fresh array).</summary>
    private const long LargeMake = 64 << 10;

    private sealed class Flow(Pass pass)
    {
        public Pass Pass { get; } = pass;
        public Dictionary<GoObject, (Share Kind, Node Origin)> Vars { get; } = new(ReferenceEqualityComparer.Instance);
        public Dictionary<(GoObject, int), Node> ReturnsPiece { get; } = [];

        /// <summary>Variables drawn from every element of a collection (`for _, line := range lines`) and what is
        /// derived from them: a loop that stores a piece of every line keeps about the whole input anyway, so
        /// keeping it is no waste (a config file parsed into a map).</summary>
        public HashSet<GoObject> PerElement { get; } = new(ReferenceEqualityComparer.Instance);
        public bool Changed { get; set; }

        /// <summary>The objects whose facts were added (a variable's share, a variable drawn per element, a function
        /// returning a piece), in order: a declaration none of whose reads is among those added since its last
        /// pass would find nothing new, and the rounds skip it.</summary>
        public List<GoObject> Added { get; } = [];

        /// <summary>The objects whose facts the declaration being propagated looked up (null outside the rounds).</summary>
        public HashSet<GoObject>? Reads { get; set; }

        public void Read(GoObject o) => Reads?.Add(o);

        public void Mark(GoObject? v, Share kind, Node origin)
        {
            if (v is not Var { IsField: false } || kind == Share.None || LongLived.IsPackageVar(Pass, v) || Vars.ContainsKey(v)) return;
            Vars[v] = (kind, origin);
            Added.Add(v);
            Changed = true;
        }

        public void AddPerElement(GoObject v)
        {
            if (!PerElement.Add(v)) return;
            Added.Add(v);
            Changed = true;
        }

        public void AddReturnsPiece(Func f, int i, Node origin)
        {
            if (!ReturnsPiece.TryAdd((f, i), origin)) return;
            Added.Add(f);
            Changed = true;
        }
    }

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [Once.FunctionsAnalysis];

    public override void Run(Pass pass)
    {
        var decls = pass.Files.SelectMany(f => f.File.Decls.OfType<FuncDecl>()).Where(d => d.Body != null).ToList();
        if (!decls.Any(d => MentionsSource(pass, d))) return;
        var flow = new Flow(pass);
        // Each round only adds; the cap bounds a pathological package at the price of a longer chain. A pass over a
        // declaration depends only on the facts of what it reads: after the first round, one that read nothing
        // added since its last pass would add nothing, and is skipped (the same facts, in the same order).
        var reads = new HashSet<GoObject>?[decls.Count];
        var seen = new int[decls.Count];
        for (var round = 0; round < 6; round++)
        {
            flow.Changed = false;
            for (var i = 0; i < decls.Count; i++)
            {
                if (round > 0 && !ReadSince(flow, reads[i]!, seen[i])) continue;
                seen[i] = flow.Added.Count;
                flow.Reads = reads[i] = new HashSet<GoObject>(ReferenceEqualityComparer.Instance);
                Propagate(flow, decls[i]);
            }
            flow.Reads = null;
            if (!flow.Changed) break;
        }
        if (flow.Vars.Count == 0) return;
        var longLived = LongLived.Types(pass);
        var runOnce = pass.ResultOf(Once.FunctionsAnalysis);
        foreach (var d in decls)
        {
            if (d is { Recv: null, Name.Name: "init" or "main" } || pass.Info.ObjectOf(d.Name) is { } self && runOnce.Contains(self)) continue;
            ReportStores(flow, longLived, d);
        }
    }

    /// <summary>Whether an object added from index `since` on is among the reads.</summary>
    private static bool ReadSince(Flow flow, HashSet<GoObject> reads, int since)
    {
        for (var i = since; i < flow.Added.Count; i++)
            if (reads.Contains(flow.Added[i])) return true;
        return false;
    }

    private static bool MentionsSource(Pass pass, FuncDecl d)
    {
        return pass.Info.Nodes.Any(d.Body!, NodeKinds.CallExpr, n => n is CallExpr c && (Calls.Callee(pass.Info, c)?.FullName is { } full && WholeReads.Contains(full) || LargeMakeOf(pass, c)));
    }

    private static void Propagate(Flow flow, FuncDecl d)
    {
        var info = flow.Pass.Info;
        var literals = 0;
        info.Nodes.Inspect(d.Body!, NodeKinds.AssignStmt | NodeKinds.ValueSpec | NodeKinds.RangeStmt | NodeKinds.CallExpr | NodeKinds.ReturnStmt | NodeKinds.FuncLit, n =>
        {
            if (n is FuncLit) literals++;
            switch (n)
            {
                case AssignStmt a:
                    if (a.Rhs.Count == a.Lhs.Count)
                        for (var i = 0; i < a.Lhs.Count; i++)
                            MarkIdent(flow, a.Lhs[i], Classify(flow, a.Rhs[i]), a.Rhs[i]);
                    else if (a.Rhs.Count == 1)
                        for (var i = 0; i < a.Lhs.Count; i++)
                            MarkIdent(flow, a.Lhs[i], ClassifyResult(flow, a.Rhs[0], i), a.Rhs[0]);
                    break;
                case ValueSpec vs when vs.Values.Count > 0:
                    for (var i = 0; i < vs.Names.Count; i++)
                        MarkIdent(flow, vs.Names[i], vs.Values.Count == vs.Names.Count ? Classify(flow, vs.Values[i]) : ClassifyResult(flow, vs.Values[0], i), vs.Values.Count == vs.Names.Count ? vs.Values[i] : vs.Values[0]);
                    break;
                case RangeStmt { Value: Ident value } r when Classify(flow, r.X) is { Kind: Share.Pieces } over:
                    MarkIdent(flow, value, (ElementShare(info.TypeOf(r.X)), over.Origin));
                    if (info.ObjectOf(value) is { } element) flow.AddPerElement(element);
                    break;
                case CallExpr call when !call.Ellipsis.IsValid && Calls.Callee(info, call) is { Signature: { Variadic: false } sig } f && ReferenceEquals(f.Pkg, flow.Pass.Package):
                    for (var i = 0; i < call.Args.Count && i < sig.Params.Count; i++)
                        if (Classify(flow, call.Args[i]) is { Kind: Share.Whole } whole) flow.Mark(sig.Params[i], Share.Whole, whole.Origin!);
                    break;
                case ReturnStmt ret when literals == 0 && info.ObjectOf(d.Name) is Func fn:
                    for (var i = 0; i < ret.Results.Count; i++)
                        if (Classify(flow, ret.Results[i]) is { Kind: Share.Piece } piece) flow.AddReturnsPiece(fn, i, piece.Origin!);
                    break;
            }
            return true;
        }, n =>
        {
            if (n is FuncLit) literals--;
        });
    }

    private static void MarkIdent(Flow flow, Expr lhs, (Share Kind, Node? Origin) c, Expr? from = null)
    {
        if (c.Kind == Share.None || c.Origin == null || Expr.Unparen(lhs) is not Ident id) return;
        flow.Mark(flow.Pass.Info.ObjectOf(id), c.Kind, c.Origin);
        if (from != null && PerElement(flow, from) && flow.Pass.Info.ObjectOf(id) is { } v) flow.AddPerElement(v);
    }

    private static bool PerElement(Flow flow, Expr e)
    {
        return flow.Pass.Info.Nodes.Any(e, NodeKinds.Ident, n => n is Ident id && flow.Pass.Info.ObjectOf(id) is { } v && Read(flow, v) && flow.PerElement.Contains(v));
    }

    /// <summary>What the i-th result of a multi-value call shares: os.ReadFile's data, strings.Cut's before and after.</summary>
    private static (Share Kind, Node? Origin) ClassifyResult(Flow flow, Expr e, int i)
    {
        if (Expr.Unparen(e) is not CallExpr call) return (Share.None, null);
        if (Calls.Callee(flow.Pass.Info, call) is { } f)
        {
            if (WholeReads.Contains(f.FullName)) return i == 0 ? (Share.Whole, call) : (Share.None, null);
            if (StdPieceFunc(f) is "Cut" or "CutPrefix" or "CutSuffix" && i < 2 && call.Args.Count > 0 && Classify(flow, call.Args[0]).Kind is Share.Whole or Share.Piece)
                return (Share.Piece, Classify(flow, call.Args[0]).Origin);
            if (Read(flow, f) && flow.ReturnsPiece.TryGetValue((f, i), out var origin)) return (Share.Piece, origin);
        }
        return (Share.None, null);
    }

    /// <summary>Notes that the declaration being propagated looks the object's facts up (for the rounds' skipping); true.</summary>
    private static bool Read(Flow flow, GoObject o)
    {
        flow.Read(o);
        return true;
    }

    private static (Share Kind, Node? Origin) Classify(Flow flow, Expr e)
    {
        var info = flow.Pass.Info;
        switch (Expr.Unparen(e))
        {
            case Ident id when info.ObjectOf(id) is { } obj && Read(flow, obj) && flow.Vars.TryGetValue(obj, out var known):
                return known;
            case SliceExpr s when Classify(flow, s.X) is { Kind: not Share.None } of:
                return (of.Kind == Share.Pieces ? Share.Pieces : Share.Piece, of.Origin);
            case IndexExpr ix when Classify(flow, ix.X) is { Kind: Share.Pieces } of:
                return (ElementShare(info.TypeOf(ix.X)), of.Origin);
            case CallExpr call:
                if (LargeMakeOf(flow.Pass, call)) return (Share.Whole, call);
                if (Calls.IsConversion(info, call))
                    // string(b) copies; the copy of a whole input is still a whole input, the copy of a piece is not shared.
                    return call.Args.Count == 1 && Classify(flow, call.Args[0]) is { Kind: Share.Whole } w && info.TypeOf(call)?.Underlying is BasicType ? w : (Share.None, null);
                if (Calls.Callee(info, call) is not { } f) return (Share.None, null);
                if (WholeReads.Contains(f.FullName) && f.Signature?.Results.Count == 1) return (Share.Whole, call);
                if (Read(flow, f) && flow.ReturnsPiece.TryGetValue((f, 0), out var origin) && f.Signature?.Results.Count == 1) return (Share.Piece, origin);
                var shares = f.FullName.StartsWith("(*regexp.Regexp).Find", StringComparison.Ordinal) && !f.Name.Contains("Index", StringComparison.Ordinal)
                    || StdPieceFunc(f) is { } name && name is not ("Cut" or "CutPrefix" or "CutSuffix");
                var arg = shares && call.Args.Count > 0 ? Classify(flow, call.Args[0]) : (Share.None, null);
                if (arg.Kind is not (Share.Whole or Share.Piece)) return (Share.None, null);
                return (IsCollection(info.TypeOf(call)) ? Share.Pieces : Share.Piece, arg.Origin);
        }
        return (Share.None, null);
    }

    /// <summary>The name of a strings or bytes function that returns slices of its first argument.</summary>
    private static string? StdPieceFunc(Func f) =>
        !f.IsMethod && f.Pkg?.Path is "strings" or "bytes" && (PieceFuncs.Contains(f.Name) || PiecesFuncs.Contains(f.Name)) ? f.Name : null;

    /// <summary>An element of a collection of pieces is a piece, or a collection again ([][]string submatches).</summary>
    private static Share ElementShare(GoType? collection) =>
        collection?.Underlying is SliceType { Elem: var elem } && IsCollection(elem) ? Share.Pieces : Share.Piece;

    /// <summary>A slice of strings or of slices ([]string, [][]byte): a collection of pieces; a []byte or string is one piece.</summary>
    private static bool IsCollection(GoType? t) => t?.Underlying is SliceType { Elem: var elem } && elem.Underlying is not BasicType { Kind: BasicKind.Uint8 };

    private static bool LargeMakeOf(Pass pass, CallExpr call) =>
        Calls.BuiltinName(pass.Info, call) == "make" && call.Args.Count >= 2 && pass.Info.TypeOf(call)?.Underlying is SliceType
        && pass.Info.Types.TryGetValue(call.Args[^1], out var tv) && tv.Value?.AsInt is { } n && n >= LargeMake;

    private static void ReportStores(Flow flow, HashSet<NamedType> longLived, FuncDecl d)
    {
        var pass = flow.Pass;
        pass.Info.Nodes.Inspect(d.Body!, NodeKinds.AssignStmt, (n, ancestors) =>
        {
            if (n is AssignStmt { Tok: Token.Assign } a && a.Lhs.Count == a.Rhs.Count && !Once.Encloses(pass.Info, ancestors.ToList()))
                for (var i = 0; i < a.Lhs.Count; i++)
                {
                    if (Storage(pass, longLived, a.Lhs[i]) is not { } store) continue;
                    var kept = Kept(flow, a.Lhs[i], a.Rhs[i]);
                    if (kept.Piece == null) continue;
                    var at = pass.FileSet.Position(kept.Origin!.Pos());
                    pass.Report(kept.Piece, $"this piece of the whole input read at {Path.GetFileName(at.Filename)}:{at.Line} is stored in {store}, which lives as long as the process: it shares the input's backing array, so the whole array stays in memory as long as the piece is kept; store a copy (bytes.Clone or append([]byte(nil), b...), strings.Clone, string(b))",
                        new RelatedLocation(pass.Span(kept.Origin), "the whole input is read here"));
                }
            return true;
        });
    }

    /// <summary>The piece an assignment to long-lived storage keeps: the value itself, a map key, an appended
    /// element, or a field of a composite literal stored; with the whole input's read.</summary>
    private static (Expr? Piece, Node? Origin) Kept(Flow flow, Expr lhs, Expr rhs)
    {
        if (Expr.Unparen(lhs) is IndexExpr ix && Classify(flow, ix.Index) is { Kind: Share.Piece } key && !PerElement(flow, ix.Index)
            && flow.Pass.Info.TypeOf(ix.X)?.Underlying is Semantics.Types.MapType) return (ix.Index, key.Origin);
        if (Expr.Unparen(rhs) is CallExpr call && Calls.BuiltinName(flow.Pass.Info, call) == "append")
        {
            // append(b, piece...) copies the bytes; append(names, pieces...) keeps a whole collection, which is no waste.
            for (var i = 1; i < call.Args.Count; i++)
                if (!(call.Ellipsis.IsValid && i == call.Args.Count - 1) && Within(flow, call.Args[i]) is { Piece: not null } found) return found;
            return (null, null);
        }
        return Within(flow, rhs);
    }

    /// <summary>A piece that the value is, or that a composite literal it builds holds directly.</summary>
    private static (Expr? Piece, Node? Origin) Within(Flow flow, Expr value)
    {
        var e = Expr.Unparen(value);
        if (e is UnaryExpr { Op: Token.And } addr) e = Expr.Unparen(addr.X);
        if (e is CompositeLit lit)
        {
            foreach (var elt in lit.Elts)
                if (Within(flow, elt is KeyValueExpr kv ? kv.Value : elt) is { Piece: not null } found) return found;
            return (null, null);
        }
        return Classify(flow, e) is { Kind: Share.Piece } piece && !PerElement(flow, e) ? (value, piece.Origin) : (null, null);
    }

    /// <summary>How to name the long-lived storage an assignment writes, or null when it is not long-lived: a
    /// package variable, a field of a long-lived type, or an element or field of either.</summary>
    private static string? Storage(Pass pass, HashSet<NamedType> longLived, Expr lhs)
    {
        switch (Expr.Unparen(lhs))
        {
            case Ident id when LongLived.IsPackageVar(pass, pass.Info.ObjectOf(id)):
                return "package variable " + id.Name;
            case IndexExpr ix when Storage(pass, longLived, ix.X) is { } held:
                return held;
            case SelectorExpr sel when pass.Info.Uses.GetValueOrDefault(sel.Sel) is Var { IsField: true } field:
                if (Storage(pass, longLived, sel.X) is { } outer) return outer;
                var owner = pass.Info.TypeOf(sel.X);
                if (owner is PointerType p) owner = p.Elem;
                return owner is NamedType n && longLived.Contains(n) ? $"field {n.Obj.Name}.{field.Name}" : null;
            default:
                return null;
        }
    }
}
