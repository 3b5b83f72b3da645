namespace LeakFinder.Semantics.Types;

/// <summary>Package unsafe: the Pointer type and its builtin functions (Sizeof, Add, Slice, ...).</summary>
public static class Unsafe
{
    public static readonly Package Package = Create();

    private static Package Create()
    {
        var pkg = new Package("unsafe", "unsafe", isStandard: true);
        pkg.Scope.Insert(new TypeName("Pointer", pkg, 0, Universe.UnsafePointer));
        foreach (var name in new[] { "Alignof", "Offsetof", "Sizeof", "Add", "Slice", "SliceData", "String", "StringData" })
            pkg.Scope.Insert(new Builtin(name, pkg));
        return pkg;
    }
}
