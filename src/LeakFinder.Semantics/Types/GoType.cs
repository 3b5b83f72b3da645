namespace LeakFinder.Semantics.Types;

/// <summary>
/// A Go type, modelled as go/types models it: basic, named, pointer, slice, array, map, chan, signature,
/// struct, interface, tuple, type parameter and union. Types are compared by identity for named types
/// and structurally otherwise (see <see cref="TypeIdentity"/>).
/// </summary>
public abstract class GoType
{
    /// <summary>The underlying type: itself for every type literal, the definition for named types.</summary>
    public virtual GoType Underlying => this;

    public override string ToString() => TypeFormatter.Format(this);
}

public enum BasicKind
{
    Invalid,
    Bool, Int, Int8, Int16, Int32, Int64, Uint, Uint8, Uint16, Uint32, Uint64, Uintptr,
    Float32, Float64, Complex64, Complex128, String, UnsafePointer,
    UntypedBool, UntypedInt, UntypedRune, UntypedFloat, UntypedComplex, UntypedString, UntypedNil,
}

/// <summary>A predeclared type; `byte` and `rune` are distinct instances whose kinds are Uint8 and Int32.</summary>
public sealed class BasicType(BasicKind kind, string name) : GoType
{
    public BasicKind Kind { get; } = kind;
    public string Name { get; } = name;
    public bool IsUntyped => Kind >= BasicKind.UntypedBool;
    public bool IsInteger => Kind is >= BasicKind.Int and <= BasicKind.Uintptr or BasicKind.UntypedInt or BasicKind.UntypedRune;
    public bool IsString => Kind is BasicKind.String or BasicKind.UntypedString;
}

public sealed class PointerType(GoType elem) : GoType
{
    public GoType Elem { get; } = elem;
}

public sealed class SliceType(GoType elem) : GoType
{
    public GoType Elem { get; } = elem;
}

/// <summary>An array type; Len is -1 when the length is unknown (an unresolvable constant).</summary>
public sealed class ArrayType(long len, GoType elem) : GoType
{
    public long Len { get; } = len;
    public GoType Elem { get; } = elem;
}

public sealed class MapType(GoType key, GoType elem) : GoType
{
    public GoType Key { get; } = key;
    public GoType Elem { get; } = elem;
}

public enum ChanDir { SendRecv, SendOnly, RecvOnly }

public sealed class ChanType(ChanDir dir, GoType elem) : GoType
{
    public ChanDir Dir { get; } = dir;
    public GoType Elem { get; } = elem;
}

/// <summary>An ordered list of variables: parameters, results, or the values of a multi-value expression.</summary>
public sealed class TupleType(IReadOnlyList<Var> vars) : GoType
{
    public static readonly TupleType Empty = new([]);
    public IReadOnlyList<Var> Vars { get; } = vars;
    public int Count => Vars.Count;
    public Var this[int i] => Vars[i];
}

public sealed class SignatureType(Var? recv, IReadOnlyList<TypeParamType> typeParams, TupleType parameters, TupleType results, bool variadic) : GoType
{
    public Var? Recv { get; } = recv;
    public IReadOnlyList<TypeParamType> TypeParams { get; } = typeParams;
    public TupleType Params { get; } = parameters;
    public TupleType Results { get; } = results;
    /// <summary>The last parameter is `...T`; its type is recorded as []T, as go/types does.</summary>
    public bool Variadic { get; } = variadic;

    /// <summary>This method signature bound to a receiver that substitutes nothing (see the checker's BindMethod):
    /// one for every selection of the method, not one each (three selections a function on a large file).</summary>
    internal SignatureType? Bound { get; set; }
}

public sealed class StructType(IReadOnlyList<Var> fields, IReadOnlyList<string>? tags = null) : GoType
{
    public IReadOnlyList<Var> Fields { get; } = fields;
    /// <summary>Field tags by index (empty string when none).</summary>
    public IReadOnlyList<string> Tags { get; } = tags ?? [];
    public string Tag(int i) => i < Tags.Count ? Tags[i] : "";
}

/// <summary>One term of a union: `~T` when Tilde.</summary>
public sealed record UnionTerm(bool Tilde, GoType Type);

public sealed class UnionType(IReadOnlyList<UnionTerm> terms) : GoType
{
    public IReadOnlyList<UnionTerm> Terms { get; } = terms;
}

/// <summary>
/// An interface: its explicit methods and embedded types as written; <see cref="MethodSet"/> is the full
/// (sorted) method set including embedded interfaces' methods.
/// </summary>
public sealed class InterfaceType(IReadOnlyList<Func> methods, IReadOnlyList<GoType> embeddeds) : GoType
{
    public IReadOnlyList<Func> ExplicitMethods { get; } = methods;
    public IReadOnlyList<GoType> Embeddeds { get; } = embeddeds;
    private IReadOnlyList<Func>? _all;

    public bool IsEmpty => ExplicitMethods.Count == 0 && Embeddeds.Count == 0;

    public IReadOnlyList<Func> MethodSet => _all ??= ComputeMethodSet();

    private List<Func> ComputeMethodSet()
    {
        var byName = new Dictionary<string, Func>(StringComparer.Ordinal);
        Collect(this, byName, []);
        var all = byName.Values.ToList();
        all.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return all;
    }

    private static void Collect(InterfaceType iface, Dictionary<string, Func> into, HashSet<InterfaceType> seen)
    {
        if (!seen.Add(iface)) return;
        foreach (var m in iface.ExplicitMethods) into.TryAdd(m.Name, m);
        foreach (var e in iface.Embeddeds)
            if (e.Underlying is InterfaceType inner) Collect(inner, into, seen);
    }
}

/// <summary>A type parameter; Index is its position in the declaring type's or function's list.</summary>
public sealed class TypeParamType(TypeName obj, int index) : GoType
{
    public TypeName Obj { get; } = obj;
    public int Index { get; } = index;
    /// <summary>Set once while the declaring list is resolved (constraints may mention later parameters).</summary>
    public GoType Constraint { get; internal set; } = Universe.Any.Type;
    public override GoType Underlying => Constraint.Underlying;
}

/// <summary>
/// A defined (named) type. Its underlying type and methods are filled in once while the declaring
/// package is built (types refer to each other cyclically), and never change afterwards.
/// Instances of generic types carry their TypeArgs and point to their Origin.
/// </summary>
public sealed class NamedType : GoType
{
    private GoType? _underlying;
    private readonly List<Func> _methods = [];

    public NamedType(TypeName obj, GoType? underlying = null)
    {
        Obj = obj;
        _underlying = underlying;
    }

    public TypeName Obj { get; }
    public IReadOnlyList<TypeParamType> TypeParams { get; internal set; } = [];
    public IReadOnlyList<GoType> TypeArgs { get; internal set; } = [];
    public NamedType? Origin { get; internal set; }
    public IReadOnlyList<Func> Methods => Origin?._methods ?? _methods;

    private Func<GoType>? _lazyUnderlying;

    public override GoType Underlying
    {
        get
        {
            if (_underlying == null && _lazyUnderlying != null)
            {
                // Instances compute their underlying from the origin's on first use: the origin may still be
                // under construction when the instance is created.
                var make = _lazyUnderlying;
                _lazyUnderlying = null;
                _underlying = make();
            }
            return _underlying ?? Invalid.Type;
        }
    }

    internal void SetUnderlying(GoType underlying) => _underlying = underlying;
    internal void SetLazyUnderlying(Func<GoType> make) => _lazyUnderlying = make;
    internal void AddMethod(Func method) => _methods.Add(method);

    /// <summary>A method declared on this type, or of its interface when the type is a named interface.</summary>
    public Func? LookupMethod(string name)
    {
        // Over the lists themselves: foreach over the IReadOnlyList views allocated an enumerator per lookup.
        foreach (var m in Origin?._methods ?? _methods) if (m.Name == name) return m;
        if (Underlying is InterfaceType iface)
        {
            var set = iface.MethodSet;
            for (var i = 0; i < set.Count; i++) if (set[i].Name == name) return set[i];
        }
        return null;
    }
}

/// <summary>The type of expressions whose type LeakFinder cannot determine; rules treat it as "don't know".</summary>
public static class Invalid
{
    public static readonly BasicType Type = new(BasicKind.Invalid, "invalid type");
}
