using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using ChanType = LeakFinder.Semantics.Types.ChanType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Unexported channel fields that only ever hold another type's channel field: `&amp;taskRunner{updates: ar.updates}`
/// everywhere the package fills taskRunner.updates makes a send on `tr.updates` a send on allocRunner.updates, the
/// channel its owner makes and receives from. A constructor's parameter counts as what every call of it in the package
/// passes (`newMemberList(c.eventCh)` filling `events: events`). A field given anything else (a make, a parameter of a
/// function called with other values or named other than in a call, a call, two different classes), or filled by an
/// unkeyed literal, keeps its own class.
/// </summary>
internal sealed class ChannelFieldAliases
{
    public static readonly ChannelFieldAliases None = new(new Dictionary<string, string>());

    private readonly IReadOnlyDictionary<string, string> _canonical;

    private ChannelFieldAliases(IReadOnlyDictionary<string, string> canonical) => _canonical = canonical;

    public bool IsEmpty => _canonical.Count == 0;

    /// <summary>The class a channel class stands for (itself when it is no alias).</summary>
    public string Canonical(string cls) => _canonical.GetValueOrDefault(cls, cls);

    public LockPath Canonical(LockPath p) => p.Class is { } c && _canonical.TryGetValue(c, out var to) ? p with { Class = to } : p;

    public static ChannelFieldAliases Of(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        var given = new Dictionary<string, string?>(StringComparer.Ordinal); // class → the one class it is given, or null
        // A field given a parameter of a declared function (`NewMemberlist(events)` building `&Memberlist{events: events}`):
        // given what every call of that function in the package passes there, once the calls are known.
        var byParameter = new List<(string Class, Func Callee, int Index)>();
        void Give(string cls, Expr value)
        {
            var from = LockPaths.Of(info, value) is { Fields.Length: > 0, Class: { } c } && c != cls ? c : null;
            given[cls] = given.TryGetValue(cls, out var before) && before != from ? null : from;
        }
        void GiveValue(FunctionBody fn, string cls, Expr value)
        {
            if (Expr.Unparen(value) is Ident id && info.ObjectOf(id) is Var { IsField: false } v && ParameterIndex(info, fn, v) is var (callee, index))
            {
                byParameter.Add((cls, callee, index));
            }
            else Give(cls, value);
        }
        foreach (var fn in functions)
            info.Nodes.Inspect(fn.Body, NodeKinds.CompositeLit | NodeKinds.AssignStmt, n =>
            {
                switch (n)
                {
                    case CompositeLit lit when info.TypeOf(lit) is NamedType { Underlying: Semantics.Types.StructType st } named:
                        var type = (named.Origin ?? named).Obj.Name;
                        foreach (var e in lit.Elts)
                            if (e is KeyValueExpr { Key: Ident key } kv) { if (info.TypeOf(kv.Value)?.Underlying is ChanType) GiveValue(fn, type + "." + key.Name, kv.Value); }
                            else
                                foreach (var f in st.Fields.Where(f => f.Type.Underlying is ChanType)) given[type + "." + f.Name] = null; // unkeyed
                        break;
                    case AssignStmt a:
                        for (var i = 0; i < a.Lhs.Count; i++)
                            if (Expr.Unparen(a.Lhs[i]) is SelectorExpr sel && info.TypeOf(sel)?.Underlying is ChanType && LockPaths.Of(info, sel) is { Class: { } cls })
                            {
                                if (a.Lhs.Count == a.Rhs.Count) GiveValue(fn, cls, a.Rhs[i]);
                                else given[cls] = null;
                            }
                        break;
                }
                return true;
            });
        if (byParameter.Count > 0) GiveByCalls(info, functions, byParameter, given, Give);
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (cls, from) in given)
        {
            if (from == null || cls[(cls.LastIndexOf('.') + 1)..] is not [var first, ..] || char.IsUpper(first)) continue;
            // Follow a chain (a field given a field given a field), never round a cycle.
            var to = from;
            for (var hops = 0; hops < 4 && given.GetValueOrDefault(to) is { } next && next != cls; hops++) to = next;
            canonical[cls] = to;
        }
        return canonical.Count == 0 ? None : new ChannelFieldAliases(canonical);
    }

    /// <summary>The function declaration a parameter belongs to, and its position among the parameters (receiver not
    /// counted); null for anything else (a literal's parameter, a variadic one).</summary>
    internal static (Func Callee, int Index)? ParameterIndex(TypeInfo info, FunctionBody fn, Var v)
    {
        if (fn.Function is not FuncDecl { Type.Params: { } ps } decl || info.Defs.GetValueOrDefault(decl.Name) is not Func f) return null;
        var index = 0;
        foreach (var field in ps.List)
        {
            if (field.Type is Ellipsis) return null;
            foreach (var name in field.Names)
            {
                if (ReferenceEquals(info.Defs.GetValueOrDefault(name), v)) return (f, index);
                index++;
            }
            if (field.Names.Count == 0) index++;
        }
        return null;
    }

    /// <summary>Every call of each of the functions in the package, each with the declaration whose body makes it (a
    /// call in a literal with the declaration around it); a function is left out when the package names it other than
    /// in a call (a method value, a function value handed on), or anywhere outside a declaration's body: its arguments
    /// are then unknown. One walk of the package for all of them.</summary>
    internal static Dictionary<Func, List<(FunctionBody Caller, CallExpr Call)>> CallsOf(TypeInfo info, IReadOnlyList<FunctionBody> functions, IReadOnlySet<Func> callees)
    {
        var calls = new Dictionary<Func, List<(FunctionBody Caller, CallExpr Call)>>(ReferenceEqualityComparer.Instance);
        foreach (var fn in functions)
            if (fn.Function is FuncDecl)
                info.Nodes.Inspect(fn.Body, NodeKinds.CallExpr, n =>
                {
                    if (n is CallExpr call && Calls.Callee(info, call) is { } f && callees.Contains(f))
                    {
                        if (!calls.TryGetValue(f, out var list)) calls[f] = list = [];
                        list.Add((fn, call));
                    }
                    return true;
                });
        var named = new Dictionary<Func, int>(ReferenceEqualityComparer.Instance);
        foreach (var (_, used) in info.Uses)
            if (used is Func f && callees.Contains(f)) named[f] = named.GetValueOrDefault(f) + 1;
        foreach (var f in calls.Keys.ToList())
            if (named.GetValueOrDefault(f) != calls[f].Count) calls.Remove(f);
        return calls;
    }

    /// <summary>Gives each field filled from a parameter what every call of its function in the package passes
    /// there; a function never called here (or named other than in a call) leaves the field its own class.</summary>
    private static void GiveByCalls(TypeInfo info, IReadOnlyList<FunctionBody> functions, List<(string Class, Func Callee, int Index)> byParameter,
        Dictionary<string, string?> given, Action<string, Expr> give)
    {
        var callees = new HashSet<Func>(byParameter.Select(p => p.Callee), ReferenceEqualityComparer.Instance);
        var calls = new Dictionary<Func, List<CallExpr>>(ReferenceEqualityComparer.Instance);
        var named = 0;
        foreach (var fn in functions)
            info.Nodes.Inspect(fn.Body, NodeKinds.CallExpr, n =>
            {
                if (n is CallExpr call && Calls.Callee(info, call) is { } f && callees.Contains(f))
                {
                    if (!calls.TryGetValue(f, out var list)) calls[f] = list = [];
                    list.Add(call);
                }
                return true;
            });
        foreach (var (_, used) in info.Uses)
            if (used is Func f && callees.Contains(f)) named++;
        // Named other than in a call (a method value, a function value handed on): its arguments are unknown.
        var known = named == calls.Values.Sum(l => l.Count);
        foreach (var (cls, callee, index) in byParameter)
        {
            if (!known || !calls.TryGetValue(callee, out var list))
            {
                given[cls] = null;
                continue;
            }
            foreach (var call in list)
                if (call.Ellipsis.IsValid || index >= call.Args.Count) given[cls] = null;
                else give(cls, call.Args[index]);
        }
    }
}
