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
/// channel its owner makes and receives from. A field given anything else (a make, a parameter, a call, two
/// different classes), or filled by an unkeyed literal, keeps its own class.
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
        void Give(string cls, Expr value)
        {
            var from = LockPaths.Of(info, value) is { Fields.Length: > 0, Class: { } c } && c != cls ? c : null;
            given[cls] = given.TryGetValue(cls, out var before) && before != from ? null : from;
        }
        foreach (var fn in functions)
            info.Nodes.Inspect(fn.Body, NodeKinds.CompositeLit | NodeKinds.AssignStmt, n =>
            {
                switch (n)
                {
                    case CompositeLit lit when info.TypeOf(lit) is NamedType { Underlying: Semantics.Types.StructType st } named:
                        var type = (named.Origin ?? named).Obj.Name;
                        foreach (var e in lit.Elts)
                            if (e is KeyValueExpr { Key: Ident key } kv) { if (info.TypeOf(kv.Value)?.Underlying is ChanType) Give(type + "." + key.Name, kv.Value); }
                            else
                                foreach (var f in st.Fields.Where(f => f.Type.Underlying is ChanType)) given[type + "." + f.Name] = null; // unkeyed
                        break;
                    case AssignStmt a:
                        for (var i = 0; i < a.Lhs.Count; i++)
                            if (Expr.Unparen(a.Lhs[i]) is SelectorExpr sel && info.TypeOf(sel)?.Underlying is ChanType && LockPaths.Of(info, sel) is { Class: { } cls })
                            {
                                if (a.Lhs.Count == a.Rhs.Count) Give(cls, a.Rhs[i]);
                                else given[cls] = null;
                            }
                        break;
                }
                return true;
            });
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
}
