namespace LeakFinder.Semantics.Types;

/// <summary>The universe scope: predeclared types, constants, nil and builtin functions (Go spec "Predeclared identifiers").</summary>
public static class Universe
{
    public static readonly Scope Scope = new(null, "universe");

    public static readonly BasicType Bool = Basic(BasicKind.Bool, "bool");
    public static readonly BasicType Int = Basic(BasicKind.Int, "int");
    public static readonly BasicType Int8 = Basic(BasicKind.Int8, "int8");
    public static readonly BasicType Int16 = Basic(BasicKind.Int16, "int16");
    public static readonly BasicType Int32 = Basic(BasicKind.Int32, "int32");
    public static readonly BasicType Int64 = Basic(BasicKind.Int64, "int64");
    public static readonly BasicType Uint = Basic(BasicKind.Uint, "uint");
    public static readonly BasicType Uint8 = Basic(BasicKind.Uint8, "uint8");
    public static readonly BasicType Uint16 = Basic(BasicKind.Uint16, "uint16");
    public static readonly BasicType Uint32 = Basic(BasicKind.Uint32, "uint32");
    public static readonly BasicType Uint64 = Basic(BasicKind.Uint64, "uint64");
    public static readonly BasicType Uintptr = Basic(BasicKind.Uintptr, "uintptr");
    public static readonly BasicType Float32 = Basic(BasicKind.Float32, "float32");
    public static readonly BasicType Float64 = Basic(BasicKind.Float64, "float64");
    public static readonly BasicType Complex64 = Basic(BasicKind.Complex64, "complex64");
    public static readonly BasicType Complex128 = Basic(BasicKind.Complex128, "complex128");
    public static readonly BasicType String = Basic(BasicKind.String, "string");
    // byte and rune are aliases: distinct objects whose kinds are those of uint8 and int32.
    public static readonly BasicType Byte = Basic(BasicKind.Uint8, "byte");
    public static readonly BasicType Rune = Basic(BasicKind.Int32, "rune");

    public static readonly BasicType UntypedBool = new(BasicKind.UntypedBool, "untyped bool");
    public static readonly BasicType UntypedInt = new(BasicKind.UntypedInt, "untyped int");
    public static readonly BasicType UntypedRune = new(BasicKind.UntypedRune, "untyped rune");
    public static readonly BasicType UntypedFloat = new(BasicKind.UntypedFloat, "untyped float");
    public static readonly BasicType UntypedComplex = new(BasicKind.UntypedComplex, "untyped complex");
    public static readonly BasicType UntypedString = new(BasicKind.UntypedString, "untyped string");
    public static readonly BasicType UntypedNil = new(BasicKind.UntypedNil, "untyped nil");
    public static readonly BasicType UnsafePointer = new(BasicKind.UnsafePointer, "Pointer");

    /// <summary>`any`, an alias of the empty interface (printed "any" by go/types when written as any).</summary>
    public static readonly TypeName Any;
    public static readonly NamedType Error;
    public static readonly NamedType Comparable;
    public static readonly InterfaceType EmptyInterface = new([], []);

    public static readonly IReadOnlyList<string> BuiltinNames =
    [
        "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min",
        "new", "panic", "print", "println", "real", "recover",
    ];

    static Universe()
    {
        Any = new TypeName("any", null, 0, EmptyInterface, isAlias: true);
        Scope.Insert(Any);

        var errorName = new TypeName("error", null, 0);
        Error = new NamedType(errorName);
        errorName.SetType(Error);
        var errorMethod = new Func("Error", null, 0);
        errorMethod.SetSignature(new SignatureType(new Var("", null, 0, Error), [], TupleType.Empty,
            new TupleType([new Var("", null, 0, String)]), false));
        Error.SetUnderlying(new InterfaceType([errorMethod], []));
        Scope.Insert(errorName);

        var comparableName = new TypeName("comparable", null, 0);
        Comparable = new NamedType(comparableName, new InterfaceType([], []));
        comparableName.SetType(Comparable);
        Scope.Insert(comparableName);

        Scope.Insert(new Const("true", null, 0, UntypedBool, Constant.True));
        Scope.Insert(new Const("false", null, 0, UntypedBool, Constant.False));
        Scope.Insert(new Const("iota", null, 0, UntypedInt, Constant.OfInt(0)));
        Scope.Insert(new Nil());
        foreach (var name in BuiltinNames) Scope.Insert(new Builtin(name));
    }

    private static BasicType Basic(BasicKind kind, string name)
    {
        var t = new BasicType(kind, name);
        Scope.Insert(new TypeName(name, null, 0, t));
        return t;
    }

    /// <summary>The predeclared type with this name (bool, int, byte, error, any, ...), or null.</summary>
    public static GoType? LookupType(string name) => (Scope.LookupLocal(name) as TypeName)?.Type;
}
