using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

/// <summary>How an expression denotes its value, as go/types' operand modes.</summary>
public enum OperandMode
{
    Invalid,
    NoValue,
    Builtin,
    TypeExpr,
    Constant,
    Variable,
    MapIndex,
    Value,
    CommaOk,
}

/// <summary>
/// The type (and constant value, for constants) of one expression. Two references, not three fields: the type map
/// holds one for every expression of a package (on a file of a million lines the map was a tenth of the live set),
/// and the mode needs no field of its own: a constant's value says Constant, any other mode is a shared marker.
/// </summary>
public readonly record struct TypeAndValue
{
    // A Constant (mode Constant), a ModeMark (any mode, no value), or a ModeAndValue (a value under another mode).
    private readonly object _modeOrValue;

    public TypeAndValue(OperandMode mode, GoType type, Constant? value)
    {
        Type = type;
        _modeOrValue = value == null ? ModeMark.Of[(int)mode] : mode == OperandMode.Constant ? value : new ModeAndValue(mode, value);
    }

    public GoType Type { get; }

    public OperandMode Mode => _modeOrValue switch
    {
        ModeMark m => m.Mode,
        null => OperandMode.Invalid, // default(TypeAndValue)
        Constant => OperandMode.Constant,
        _ => ((ModeAndValue)_modeOrValue).Mode,
    };

    public Constant? Value => _modeOrValue switch
    {
        Constant c => c,
        ModeAndValue mv => mv.Value,
        _ => null,
    };

    private sealed class ModeMark(OperandMode mode)
    {
        public static readonly ModeMark[] Of = Enum.GetValues<OperandMode>().Select(m => new ModeMark(m)).ToArray();
        public OperandMode Mode { get; } = mode;
    }

    private sealed record ModeAndValue(OperandMode Mode, Constant Value);

    public bool IsType => Mode == OperandMode.TypeExpr;
    public bool IsValue => Mode is OperandMode.Constant or OperandMode.Variable or OperandMode.MapIndex or OperandMode.Value or OperandMode.CommaOk;
}

public enum SelectionKind { FieldVal, MethodVal, MethodExpr }

/// <summary>What x.f selects: a field or method, reached through embedded fields along Index.</summary>
public sealed record Selection(SelectionKind Kind, GoType Recv, GoObject Obj, IReadOnlyList<int> Index, bool Indirect)
{
    /// <summary>The type of x.f: the field's type, or the method's signature (receiver bound, or first for method expressions).</summary>
    public GoType Type { get; init; } = Obj.Type;
}

/// <summary>
/// What the checker learned about a package's syntax, keyed by AST node identity, as go/types.Info:
/// the object each identifier defines or uses, the type of each expression, what each selector selects,
/// the implicit objects (type switch clause variables, unnamed imports) and the scope of each node.
/// </summary>
public sealed class TypeInfo
{
    public TypeInfo() : this(0)
    {
    }

    /// <summary>Maps sized for this much source: growing them by doubling was a tenth of a check's allocations.
    /// The rates are std's averages per byte (expressions 0.078, uses 0.044, definitions 0.009, scopes 0.008,
    /// selections 0.007) times 1.3: at the average itself about half the packages outgrew their maps and copied
    /// them into ones twice the size (large-object arrays, whose allocation also brings full collections). With
    /// the margin the five maps of check --tests std allocate 199 MiB in all instead of 233 (every std package's
    /// counts replayed through Dictionary's sizes, trimming included; 1.3 was the least of 0.8 to 2).</summary>
    public TypeInfo(long sourceBytes)
    {
        int Capacity(double perByte) => (int)Math.Min(sourceBytes * perByte * 1.3, 1 << 24);
        Defs = new(Capacity(0.009), IdentIdentity.Instance);
        Uses = new(Capacity(0.044), IdentIdentity.Instance);
        Types = new(Capacity(0.078), ExprIdentity.Instance);
        Selections = new(Capacity(0.007), ExprIdentity.Instance);
        Scopes = new(Capacity(0.008), ReferenceEqualityComparer.Instance);
    }

    public Dictionary<Ident, GoObject?> Defs { get; }
    public Dictionary<Ident, GoObject> Uses { get; }
    public Dictionary<Expr, TypeAndValue> Types { get; }
    public Dictionary<SelectorExpr, Selection> Selections { get; }
    public Dictionary<Node, GoObject> Implicits { get; } = new(ReferenceEqualityComparer.Instance);
    public Dictionary<Node, Scope> Scopes { get; }

    /// <summary>The checked files' nodes by kind, flattened on first use (<see cref="NodeIndex"/>): the walks of the
    /// rules and fact builders over the package's bodies go through it. None for a restricted copy.</summary>
    public NodeIndex Nodes { get; internal set; } = NodeIndex.None;

    /// <summary>
    /// Gives back the room the maps did not fill once the package is checked: they are sized from the source's bytes
    /// by std's averages, and a map that outgrew its estimate doubled, so up to half of it is empty for as long as
    /// the rules run. Only a large map is reallocated (a copy of every entry), and only when a quarter of it is empty.
    /// </summary>
    public void TrimExcess()
    {
        Trim(Types);
        Trim(Uses);
        Trim(Defs);
        Trim(Selections);
        Trim(Scopes);
    }

    private const int TrimFloor = 1 << 14;

    private static void Trim<TKey, TValue>(Dictionary<TKey, TValue> map) where TKey : notnull
    {
        var empty = map.EnsureCapacity(0) - map.Count;
        if (empty >= TrimFloor && empty * 4 >= map.Count) map.TrimExcess();
    }

    /// <summary>
    /// A copy holding only the entries of the nodes under <paramref name="roots"/>: what a consumer of a few
    /// declarations keeps once the rest of the package's syntax is let go.
    /// </summary>
    public TypeInfo Restrict(IEnumerable<Node> roots)
    {
        var kept = new TypeInfo();
        foreach (var root in roots)
            Walker.Inspect(root, n =>
            {
                if (n != null) kept.CopyEntriesOf(n, this);
                return true;
            });
        return kept;
    }

    private void CopyEntriesOf(Node n, TypeInfo from)
    {
        if (n is Ident id)
        {
            if (from.Defs.TryGetValue(id, out var def)) Defs[id] = def;
            if (from.Uses.TryGetValue(id, out var use)) Uses[id] = use;
        }
        if (n is Expr e && from.Types.TryGetValue(e, out var tv)) Types[e] = tv;
        if (n is SelectorExpr sel && from.Selections.TryGetValue(sel, out var selection)) Selections[sel] = selection;
        if (from.Implicits.TryGetValue(n, out var implicitObject)) Implicits[n] = implicitObject;
        if (from.Scopes.TryGetValue(n, out var scope)) Scopes[n] = scope;
    }

    /// <summary>The object an identifier denotes, defined or used; null when unknown.</summary>
    public GoObject? ObjectOf(Ident id) => Defs.TryGetValue(id, out var d) && d != null ? d : Uses.GetValueOrDefault(id);

    /// <summary>Whether e (parentheses aside) is the predeclared nil.</summary>
    public bool IsNil(Expr e) => Expr.Unparen(e) is Ident id && ObjectOf(id) is Nil;

    /// <summary>The type of an expression, or null when the checker could not determine it.</summary>
    public GoType? TypeOf(Expr e)
    {
        if (Types.TryGetValue(e, out var tv)) return tv.Type;
        if (e is Ident id && ObjectOf(id) is { } obj) return obj.Type;
        return null;
    }
}
