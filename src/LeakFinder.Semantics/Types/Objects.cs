namespace LeakFinder.Semantics.Types;

/// <summary>
/// A named language entity, as go/types' Object: what an identifier denotes. Pos is the compact source
/// position of the declaring identifier (0 when the object comes from the std API model, which has none).
/// </summary>
public abstract class GoObject(string name, Package? pkg, int pos)
{
    public string Name { get; } = name;
    public Package? Pkg { get; } = pkg;
    public int Pos { get; } = pos;
    public abstract GoType Type { get; }
    public bool Exported => Name.Length > 0 && char.IsUpper(Name[0]);
    /// <summary>The object kind as go/types' debug output names it (var, const, type, func, ...).</summary>
    public abstract string KindName { get; }
    public override string ToString() => $"{KindName} {Name} {Type}";
}

/// <summary>A variable, parameter, result or struct field.</summary>
public sealed class Var(string name, Package? pkg, int pos, GoType type, bool isField = false, bool embedded = false) : GoObject(name, pkg, pos)
{
    private GoType _type = type;
    public override GoType Type => _type;
    internal void SetType(GoType t) => _type = t;
    public bool IsField { get; } = isField;
    /// <summary>An embedded struct field (its Name is the type's name).</summary>
    public bool Embedded { get; } = embedded;
    public override string KindName => IsField ? "field" : "var";
}

public sealed class Const(string name, Package? pkg, int pos, GoType type, Constant value) : GoObject(name, pkg, pos)
{
    private GoType _type = type;
    public override GoType Type => _type;
    public Constant Value { get; private set; } = value;
    public override string KindName => "const";

    internal void Set(GoType type, Constant value)
    {
        _type = type;
        Value = value;
    }
}

public sealed class TypeName : GoObject
{
    private GoType _type;

    public TypeName(string name, Package? pkg, int pos, GoType? type = null, bool isAlias = false) : base(name, pkg, pos)
    {
        _type = type ?? Invalid.Type;
        IsAlias = isAlias;
    }

    public override GoType Type => _type;
    public bool IsAlias { get; }
    public override string KindName => "type";
    internal void SetType(GoType type) => _type = type;
}

/// <summary>A function or method; methods have a receiver in their signature.</summary>
public sealed class Func : GoObject
{
    private GoType _type;

    public Func(string name, Package? pkg, int pos, SignatureType? sig = null) : base(name, pkg, pos) => _type = (GoType?)sig ?? Invalid.Type;

    public override GoType Type => _type;
    public SignatureType? Signature => _type as SignatureType;
    public bool IsMethod => Signature?.Recv != null;
    public override string KindName => "func";

    /// <summary>For a method selected through an instance of a generic type (its own object, with the type arguments
    /// substituted, as in go/types), the method as declared; null for any other function.</summary>
    public Func? Origin { get; internal init; }

    /// <summary>The function as declared: <see cref="Origin"/> for an instantiated method, this one otherwise.</summary>
    public Func Declared => Origin ?? this;
    internal void SetSignature(SignatureType sig)
    {
        _type = sig;
        _fullName = null;
    }

    private string? _fullName;

    /// <summary>"net/http.Get", "(*net/http.Client).Do": the name rules match std APIs by (computed once: rules ask at every call).</summary>
    public string FullName => _fullName ??= ComputeFullName();

    private string ComputeFullName()
    {
        var recv = Signature?.Recv;
        if (recv == null) return Pkg == null ? Name : Pkg.Path + "." + Name;
        var t = recv.Type;
        var ptr = t is PointerType;
        if (t is PointerType p) t = p.Elem;
        var recvName = t is NamedType n ? (n.Obj.Pkg == null ? n.Obj.Name : n.Obj.Pkg.Path + "." + n.Obj.Name) : TypeFormatter.Format(t);
        return ptr ? $"(*{recvName}).{Name}" : $"{recvName}.{Name}";
    }
}

/// <summary>An imported package's name in a file scope.</summary>
public sealed class PkgName(string name, Package? pkg, int pos, Package imported) : GoObject(name, pkg, pos)
{
    public Package Imported { get; } = imported;
    public override GoType Type => Invalid.Type;
    public override string KindName => "package";
}

public sealed class Label(string name, Package? pkg, int pos) : GoObject(name, pkg, pos)
{
    public override GoType Type => Invalid.Type;
    public override string KindName => "label";
}

/// <summary>A predeclared function (len, make, close, panic, ...); its type depends on each call.</summary>
public sealed class Builtin(string name, Package? pkg = null) : GoObject(name, pkg, 0)
{
    public override GoType Type => Invalid.Type;
    public override string KindName => "builtin";
}

public sealed class Nil() : GoObject("nil", null, 0)
{
    public override GoType Type => Universe.UntypedNil;
    public override string KindName => "nil";
}
