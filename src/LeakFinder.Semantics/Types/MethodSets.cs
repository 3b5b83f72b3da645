namespace LeakFinder.Semantics.Types;

/// <summary>
/// Method sets and interface satisfaction (Go spec "Method sets", "Implementing an interface"): what go/types'
/// Implements answers, for the rules that resolve a call through an interface to the package's own types.
/// </summary>
public static class MethodSets
{
    /// <summary>
    /// Whether a value of type <paramref name="t"/> implements <paramref name="iface"/>: every method of the
    /// interface is in t's method set with an identical signature. The method set of a non-pointer T leaves out
    /// methods with a pointer receiver, unless they are promoted through an embedded pointer.
    /// </summary>
    public static bool Implements(GoType t, InterfaceType iface)
    {
        if (t.Underlying is InterfaceType own)
        {
            foreach (var m in iface.MethodSet)
                if (!own.MethodSet.Any(o => o.Name == m.Name && TypeIdentity.Identical(o.Type, m.Type))) return false;
            return true;
        }
        foreach (var m in iface.MethodSet)
        {
            if (MemberLookup.Find(t, m.Name, m.Pkg) is not { Obj: Func f } found) return false;
            if (f.Signature?.Recv?.Type is PointerType && !found.Indirect) return false;
            if (!TypeIdentity.Identical(f.Type, m.Type)) return false;
        }
        return true;
    }

    /// <summary>Whether the pointer to a named type implements the interface (the method set of *T holds every method
    /// of T): asked of the types a package declares, whose values are usually handed out as pointers.</summary>
    public static bool PointerImplements(NamedType named, InterfaceType iface) => Implements(new PointerType(named), iface);
}
