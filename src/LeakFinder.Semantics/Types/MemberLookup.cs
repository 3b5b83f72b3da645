namespace LeakFinder.Semantics.Types;

/// <summary>The result of looking up a field or method by name: the object, the embedding path, and whether a pointer was followed.</summary>
public sealed record MemberLookupResult(GoObject Obj, IReadOnlyList<int> Index, bool Indirect);

/// <summary>
/// Field and method lookup through embedded fields, breadth-first by depth as the spec's selector rules
/// require (the shallowest match wins; two at the same depth are ambiguous and yield nothing).
/// </summary>
public static class MemberLookup
{
    public static MemberLookupResult? Find(GoType t, string name, Package? from)
    {
        if (name == "_") return null;
        var indirect = false;
        if (t is PointerType p && p.Elem is NamedType or TypeParamType or StructType)
        {
            // Methods and fields of *T are found through T.
            t = p.Elem;
            indirect = true;
        }
        else if (t.Underlying is PointerType up && t is NamedType)
        {
            // A named pointer type has no methods, but fields of its element are selectable.
            t = up.Elem;
            indirect = true;
        }

        // Most selections name a member of the type itself: answer those without the breadth-first search's lists.
        switch (FindDirect(t, name, from, indirect))
        {
            case { Found: { } direct }: return direct;
            case { MayEmbed: false }: return null;
        }

        var current = new List<(GoType Type, List<int> Index, bool Indirect)> { (t, [], indirect) };
        var seen = new HashSet<NamedType>(ReferenceEqualityComparer.Instance);
        while (current.Count > 0)
        {
            MemberLookupResult? found = null;
            var ambiguous = false;
            var next = new List<(GoType, List<int>, bool)>();
            foreach (var (typ, index, ind) in current)
            {
                var type = typ;
                if (type is NamedType named)
                {
                    if (!seen.Add(named.Origin ?? named)) continue;
                    var m = named.LookupMethod(name);
                    if (m != null && (m.Exported || SamePackage(m.Pkg, from)) && named.Underlying is not InterfaceType)
                    {
                        Record(ref found, ref ambiguous, new MemberLookupResult(m, [.. index, -1], ind));
                        continue;
                    }
                }
                var under = type is TypeParamType tp ? TypeIdentity.CoreType(tp) ?? tp.Constraint.Underlying : type.Underlying;
                switch (under)
                {
                    case StructType st:
                        for (var i = 0; i < st.Fields.Count; i++)
                        {
                            var f = st.Fields[i];
                            if (f.Name == name && (f.Exported || SamePackage(f.Pkg, from)))
                            {
                                Record(ref found, ref ambiguous, new MemberLookupResult(f, [.. index, i], ind));
                                continue;
                            }
                            if (f.Embedded)
                            {
                                var ft = f.Type;
                                var fInd = ind;
                                if (ft is PointerType fp)
                                {
                                    ft = fp.Elem;
                                    fInd = true;
                                }
                                next.Add((ft, [.. index, i], fInd));
                            }
                        }
                        break;
                    case InterfaceType iface:
                        foreach (var m in iface.MethodSet)
                            if (m.Name == name && (m.Exported || SamePackage(m.Pkg, from)))
                                Record(ref found, ref ambiguous, new MemberLookupResult(m, [.. index, -1], ind));
                        break;
                }
            }
            if (ambiguous) return null;
            if (found != null) return found;
            current = next;
        }
        return null;
    }

    /// <summary>
    /// Depth 0 of the search alone: the type's own method or field named name (a method shadows a field, as
    /// in the search), and whether embedded fields could hold it deeper. Found is null when there is no match
    /// or more than one (an ambiguity the search reports).
    /// </summary>
    private static (MemberLookupResult? Found, bool MayEmbed) FindDirect(GoType t, string name, Package? from, bool indirect)
    {
        if (t is NamedType named)
        {
            var m = named.LookupMethod(name);
            if (m != null && (m.Exported || SamePackage(m.Pkg, from)) && named.Underlying is not InterfaceType)
                return (new MemberLookupResult(m, [-1], indirect), false);
        }
        var under = t is TypeParamType tp ? TypeIdentity.CoreType(tp) ?? tp.Constraint.Underlying : t.Underlying;
        switch (under)
        {
            case StructType st:
            {
                MemberLookupResult? found = null;
                var embeds = false;
                for (var i = 0; i < st.Fields.Count; i++)
                {
                    var f = st.Fields[i];
                    if (f.Name == name && (f.Exported || SamePackage(f.Pkg, from)))
                    {
                        if (found != null) return (null, true); // two at depth 0: let the search decide
                        found = new MemberLookupResult(f, [i], indirect);
                    }
                    else if (f.Embedded) embeds = true;
                }
                return (found, embeds);
            }
            case InterfaceType iface:
            {
                MemberLookupResult? found = null;
                foreach (var m in iface.MethodSet)
                    if (m.Name == name && (m.Exported || SamePackage(m.Pkg, from)))
                    {
                        if (found != null && !ReferenceEquals(found.Obj, m)) return (null, true);
                        found ??= new MemberLookupResult(m, [-1], indirect);
                    }
                return (found, false);
            }
            default:
                return (null, false);
        }
    }

    private static void Record(ref MemberLookupResult? found, ref bool ambiguous, MemberLookupResult candidate)
    {
        if (found != null && !ReferenceEquals(found.Obj, candidate.Obj)) ambiguous = true;
        found ??= candidate;
    }

    private static bool SamePackage(Package? a, Package? b) => a == null || b == null || a.Path == b.Path;
}
