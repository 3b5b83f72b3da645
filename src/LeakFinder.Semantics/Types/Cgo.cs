namespace LeakFinder.Semantics.Types;

/// <summary>
/// import "C": cgo's pseudo-package. Its members come from each file's C preamble, which LeakFinder does not
/// compile, so the package stays unknown (<see cref="Package.IsUnknown"/>: `C.int`, `C.my_func` have no type).
/// Only the helpers cmd/cgo itself defines for every preamble are declared, with the signatures the cgo
/// documentation gives (C.CString, C.CBytes, C.GoString, C.GoStringN, C.GoBytes, and C.malloc, which cgo wraps
/// so that it never returns nil), plus C.free and C.calloc of &lt;stdlib.h&gt; that every user of C.malloc
/// includes: analyses then know who a call calls (`C.CString` allocates, `C.free` frees) without a C compiler.
/// Parameters of C types are left without a type, as any other C name.
/// </summary>
public static class Cgo
{
    public static readonly Package Package = Create();

    /// <summary>Whether a package is the pseudo-package (also when its import is renamed).</summary>
    public static bool Is(Package? pkg) => ReferenceEquals(pkg, Package);

    private static Package Create()
    {
        var pkg = new Package("C", "C", isUnknown: true);
        var charName = new TypeName("char", pkg, 0);
        var charType = new NamedType(charName, Universe.Int8);
        charName.SetType(charType);
        pkg.Scope.Insert(charName);
        var charPtr = new PointerType(charType);
        var byteSlice = new SliceType(Universe.Byte);
        var unknown = Invalid.Type;
        Declare(pkg, "CString", [Universe.String], charPtr);
        Declare(pkg, "CBytes", [byteSlice], Universe.UnsafePointer);
        Declare(pkg, "GoString", [charPtr], Universe.String);
        Declare(pkg, "GoStringN", [charPtr, unknown], Universe.String);
        Declare(pkg, "GoBytes", [Universe.UnsafePointer, unknown], byteSlice);
        Declare(pkg, "malloc", [unknown], Universe.UnsafePointer);
        Declare(pkg, "calloc", [unknown, unknown], Universe.UnsafePointer);
        Declare(pkg, "free", [Universe.UnsafePointer], null);
        return pkg;
    }

    private static void Declare(Package pkg, string name, GoType[] parameters, GoType? result)
    {
        var ps = new TupleType(parameters.Select(t => new Var("", pkg, 0, t)).ToArray());
        var rs = result == null ? TupleType.Empty : new TupleType([new Var("", pkg, 0, result)]);
        pkg.Scope.Insert(new Func(name, pkg, 0, new SignatureType(null, [], ps, rs, false)));
    }
}
