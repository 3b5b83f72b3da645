using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using InterfaceType = LeakFinder.Semantics.Types.InterfaceType;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The package's own implementations of an interface method: what a call through the interface may run when the
/// value is one of the package's types. Each named non-interface type of the package whose pointer implements the
/// interface (<see cref="MethodSets.Implements"/>) gives its method of that name, declared or promoted.
/// </summary>
internal static class Implementers
{
    public static IEnumerable<Func> MethodsOf(TypeInfo info, InterfaceType iface, string name)
    {
        if (iface.MethodSet.FirstOrDefault(m => m.Name == name) is not { } wanted) yield break;
        foreach (var obj in info.Defs.Values)
            if (obj is TypeName { Type: NamedType named } && named.Underlying is not InterfaceType && MethodSets.PointerImplements(named, iface)
                && MemberLookup.Find(new PointerType(named), name, wanted.Pkg) is { Obj: Func method })
                yield return method;
    }
}
