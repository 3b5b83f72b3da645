using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using ArrayType = LeakFinder.Semantics.Types.ArrayType;
using SliceType = LeakFinder.Semantics.Types.SliceType;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5004 for the elements of one slice of mutexes locked in the order of a list of indices computed from data: a
/// loop that keeps each element it locks (`slot := &amp;l.slots[lock.requiredSlots[i]]; slot.Lock()`, no unlock in the
/// loop), over indices a function of the package maps from its argument's items in their order (tidb's latches:
/// `ids = append(ids, l.slotID(k))` for each key) and nobody sorts. Two callers listing two slots in opposite orders
/// each hold one and wait for the other. Silent when the indices are sorted anywhere on the way (sort.Ints,
/// sort.Slice, slices.Sort... on them, in the builder, or on the builder's argument in its callers), or come from
/// anywhere else than such a builder.
/// </summary>
public sealed partial class LF5004LockOrderInversion
{
    private static void CheckUnsortedSlots(Pass pass)
    {
        if (!pass.UsesFunction("(*sync.Mutex).Lock") && !pass.UsesFunction("(*sync.RWMutex).Lock")) return;
        var builders = new Dictionary<Func, bool>(ReferenceEqualityComparer.Instance);
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl) continue;
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.FuncLit | NodeKinds.ForStmt | NodeKinds.RangeStmt, n =>
            {
                if (n is FuncLit) return false;
                var body = n is ForStmt f ? f.Body : ((RangeStmt)n).Body;
                if (UnlocksIn(pass, body)) return true;
                foreach (var stmt in body.List)
                    if (stmt is ExprStmt { X: CallExpr call } && SlotLocked(pass, call, n, body) is var (slots, indices)
                        && UnsortedSource(pass, fn, indices, builders) is { } builder)
                    {
                        pass.Report(call,
                            $"{fn.Name} locks elements of {FormattedValues.Text(slots)} one after another, keeping each, in the order of {FormattedValues.Text(indices)}, which {builder.Name} maps from its argument's items in their order and nothing sorts: two calls listing two of them in opposite orders each hold one and wait for the other for ever; sort the indices (and drop duplicates, which lock one element twice) so that every caller takes them in one order",
                            new RelatedLocation(pass.Span(builder.Decl), $"{builder.Name} builds the indices without sorting them"));
                        return true;
                    }
                return true;
            });
        }
    }

    /// <summary>Whether the loop body unlocks anything (a sync mutex's Unlock or RUnlock): then it does not keep what it locks.</summary>
    private static bool UnlocksIn(Pass pass, BlockStmt body)
    {
        var found = false;
        pass.Info.Nodes.Inspect(body, NodeKinds.CallExpr | NodeKinds.FuncLit, n =>
        {
            if (n is CallExpr { Fun: SelectorExpr { Sel.Name: "Unlock" or "RUnlock" } } c && Calls.Callee(pass.Info, c)?.Pkg?.Path == "sync") found = true;
            return !found;
        });
        return found;
    }

    /// <summary>For `x.Lock()` (a sync.Mutex's, or RWMutex's write lock) on an element of a slice or array indexed by an
    /// element of an integer slice (`l.slots[ids[i]]`, or `l.slots[id]` in a range over ids; through a local `slot :=
    /// &amp;l.slots[...]` defined in the loop body): the slice of mutexes and the slice of indices.</summary>
    private static (Expr Slots, Expr Indices)? SlotLocked(Pass pass, CallExpr call, Node loop, BlockStmt body)
    {
        if (Expr.Unparen(call.Fun) is not SelectorExpr { Sel.Name: "Lock" } sel || Calls.Callee(pass.Info, call)?.FullName is not ("(*sync.Mutex).Lock" or "(*sync.RWMutex).Lock")) return null;
        var x = Expr.Unparen(sel.X);
        if (x is Ident id && pass.Info.ObjectOf(id) is Var local && DefinedIn(pass, body, local) is { } value) x = Expr.Unparen(value);
        while (true)
        {
            switch (x)
            {
                case UnaryExpr { Op: Syntax.Token.And } u:
                    x = Expr.Unparen(u.X);
                    continue;
                case SelectorExpr s when pass.Info.Selections.TryGetValue(s, out var fs) && fs.Kind == SelectionKind.FieldVal:
                    x = Expr.Unparen(s.X);
                    continue;
            }
            break;
        }
        if (x is not IndexExpr { X: var slots, Index: var index } || pass.Info.TypeOf(slots)?.Underlying is not (SliceType or ArrayType)) return null;
        var indices = Expr.Unparen(index) switch
        {
            IndexExpr { X: var elements } => elements,
            Ident item when loop is RangeStmt { Value: Ident rangeValue, X: var ranged } && ReferenceEquals(pass.Info.ObjectOf(item), pass.Info.ObjectOf(rangeValue)) => ranged,
            _ => null,
        };
        return indices != null && pass.Info.TypeOf(indices)?.Underlying is SliceType { Elem.Underlying: BasicType { Kind: var k } }
               && k is BasicKind.Int or BasicKind.Int32 or BasicKind.Int64 or BasicKind.Uint or BasicKind.Uint32 or BasicKind.Uint64
            ? (slots, indices)
            : null;
    }

    /// <summary>The value a local variable is defined with by one `:=` in the block, never assigned again in it.</summary>
    private static Expr? DefinedIn(Pass pass, BlockStmt body, Var v)
    {
        Expr? value = null;
        var assigned = 0;
        foreach (var stmt in body.List)
            if (stmt is AssignStmt a && a.Lhs.Count == a.Rhs.Count)
                for (var i = 0; i < a.Lhs.Count; i++)
                    if (Expr.Unparen(a.Lhs[i]) is Ident lid && ReferenceEquals(pass.Info.ObjectOf(lid), v))
                    {
                        assigned++;
                        value = a.Rhs[i];
                    }
        return assigned == 1 ? value : null;
    }

    private sealed record Builder(string Name, FuncDecl Decl);

    /// <summary>The builder every value of the indices comes from, when none of them is sorted: a field (class T.f) given
    /// only results of calls of one unsorted builder of the package (in composite literals and assignments), or a local
    /// defined once from one; null when any value comes from elsewhere, or a sort function is called on them.</summary>
    private static Builder? UnsortedSource(Pass pass, FunctionBody locker, Expr indices, Dictionary<Func, bool> builders)
    {
        var values = new List<Expr>();
        string? cls = null;
        if (LockPaths.Of(pass.Info, indices) is { Class: { } c, Fields.Length: > 0 }) cls = c;
        else if (Expr.Unparen(indices) is Ident id && pass.Info.ObjectOf(id) is Var v && !v.IsField && DefinedIn(pass, locker.Body, v) is { } value) values.Add(value);
        else return null;
        var sortedSomewhere = false;
        foreach (var fn in pass.Functions)
            pass.Info.Nodes.Inspect(fn.Body, NodeKinds.CompositeLit | NodeKinds.AssignStmt | NodeKinds.CallExpr, n =>
            {
                switch (n)
                {
                    case CallExpr call when IsSort(pass, call) && call.Args.Count > 0 && SameIndices(pass, call.Args[0], indices, cls):
                        sortedSomewhere = true;
                        break;
                    case CompositeLit lit when cls != null && pass.Info.TypeOf(lit) is NamedType named:
                        foreach (var e in lit.Elts)
                            if (e is KeyValueExpr { Key: Ident key } kv && (named.Origin ?? named).Obj.Name + "." + key.Name == cls) values.Add(kv.Value);
                        break;
                    case AssignStmt a when cls != null:
                        for (var i = 0; i < a.Lhs.Count; i++)
                            if (LockPaths.Of(pass.Info, a.Lhs[i])?.Class == cls)
                            {
                                if (a.Lhs.Count != a.Rhs.Count) return false;
                                values.Add(a.Rhs[i]);
                            }
                        break;
                }
                return true;
            });
        if (sortedSomewhere || values.Count == 0) return null;
        Builder? builder = null;
        foreach (var value in values)
        {
            if (Expr.Unparen(value) is not CallExpr call || Calls.Callee(pass.Info, call) is not { } f || FunctionDecl(pass, f) is not { } decl) return null;
            if (!builders.TryGetValue(f, out var unsorted)) builders[f] = unsorted = MapsItemsUnsorted(pass, decl);
            if (!unsorted || call.Args.Any(a => SortedBefore(pass, a))) return null;
            builder ??= new Builder(f.Name, decl);
        }
        return builder;
    }

    private static FuncDecl? FunctionDecl(Pass pass, Func f)
    {
        foreach (var fn in pass.Functions)
            if (fn.Function is FuncDecl d && ReferenceEquals(pass.Info.Defs.GetValueOrDefault(d.Name), f)) return d;
        return null;
    }

    /// <summary>Whether the function returns a slice it builds by appending, in a range over one of its parameters, a
    /// value computed from each item (`ids = append(ids, l.slotID(k))`), and sorts nothing.</summary>
    private static bool MapsItemsUnsorted(Pass pass, FuncDecl decl)
    {
        if (decl.Body == null) return false;
        var parameters = new Dictionary<Var, int>(ReferenceEqualityComparer.Instance);
        LockFlow.IndexParameters(pass.Info, decl.Type, parameters);
        var sorts = false;
        var maps = false;
        pass.Info.Nodes.Inspect(decl.Body, NodeKinds.CallExpr | NodeKinds.RangeStmt, n =>
        {
            if (n is CallExpr call && IsSort(pass, call)) sorts = true;
            if (n is RangeStmt { Value: Ident item } r && Expr.Unparen(r.X) is Ident over && pass.Info.ObjectOf(over) is Var p && parameters.ContainsKey(p)
                && pass.Info.Defs.GetValueOrDefault(item) is Var itemVar)
                pass.Info.Nodes.Inspect(r.Body, NodeKinds.CallExpr, m =>
                {
                    if (m is CallExpr app && Calls.BuiltinName(pass.Info, app) == "append" && app.Args.Skip(1).Any(a => a is CallExpr && Mentions.Var(pass, a, itemVar))) maps = true;
                    return !maps;
                });
            return !sorts;
        });
        return maps && !sorts;
    }

    /// <summary>Whether the argument is a variable its function sorts (`sort.Strings(keys)`) before the call.</summary>
    private static bool SortedBefore(Pass pass, Expr arg)
    {
        if (Expr.Unparen(arg) is not Ident id || pass.Info.ObjectOf(id) is not Var v) return false;
        var sorted = false;
        foreach (var fn in pass.Functions)
            if (fn.Body.Pos().Value <= arg.Pos().Value && arg.Pos().Value < fn.Body.End().Value)
                pass.Info.Nodes.Inspect(fn.Body, NodeKinds.CallExpr, n =>
                {
                    if (n is CallExpr call && IsSort(pass, call) && call.Args.Count > 0 && Expr.Unparen(call.Args[0]) is Ident s && ReferenceEquals(pass.Info.ObjectOf(s), v)) sorted = true;
                    return !sorted;
                });
        return sorted;
    }

    private static bool SameIndices(Pass pass, Expr arg, Expr indices, string? cls) =>
        cls != null ? LockPaths.Of(pass.Info, arg)?.Class == cls
            : Expr.Unparen(arg) is Ident a && Expr.Unparen(indices) is Ident b && ReferenceEquals(pass.Info.ObjectOf(a), pass.Info.ObjectOf(b));


    /// <summary>A call of a sort function (sort's, slices'), which sorts its first argument.</summary>
    private static bool IsSort(Pass pass, CallExpr call) =>
        Calls.Callee(pass.Info, call) is { } f
        && f.FullName is "sort.Ints" or "sort.Slice" or "sort.SliceStable" or "sort.Sort" or "sort.Stable" or "sort.Strings" or "sort.Float64s"
            or "slices.Sort" or "slices.SortFunc" or "slices.SortStableFunc" or "golang.org/x/exp/slices.Sort" or "golang.org/x/exp/slices.SortFunc";
}
