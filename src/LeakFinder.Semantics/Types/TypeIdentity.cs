namespace LeakFinder.Semantics.Types;

/// <summary>Type identity (Go spec "Type identity") and the small predicates the checker and rules share.</summary>
public static class TypeIdentity
{
    public static bool Identical(GoType? x, GoType? y) => Identical(x, y, 0);

    private static bool Identical(GoType? x, GoType? y, int depth)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x == null || y == null || depth > 64) return false;
        switch (x)
        {
            case BasicType bx:
                return y is BasicType by && bx.Kind == by.Kind;
            case PointerType px:
                return y is PointerType py && Identical(px.Elem, py.Elem, depth + 1);
            case SliceType sx:
                return y is SliceType sy && Identical(sx.Elem, sy.Elem, depth + 1);
            case ArrayType ax:
                return y is ArrayType ay && ax.Len == ay.Len && Identical(ax.Elem, ay.Elem, depth + 1);
            case MapType mx:
                return y is MapType my && Identical(mx.Key, my.Key, depth + 1) && Identical(mx.Elem, my.Elem, depth + 1);
            case ChanType cx:
                return y is ChanType cy && cx.Dir == cy.Dir && Identical(cx.Elem, cy.Elem, depth + 1);
            case TupleType tx:
                return y is TupleType ty && IdenticalVars(tx.Vars, ty.Vars, depth);
            case SignatureType fx:
                return y is SignatureType fy && fx.Variadic == fy.Variadic && fx.TypeParams.Count == fy.TypeParams.Count
                       && IdenticalVars(fx.Params.Vars, fy.Params.Vars, depth) && IdenticalVars(fx.Results.Vars, fy.Results.Vars, depth);
            case StructType stx:
            {
                if (y is not StructType sty || stx.Fields.Count != sty.Fields.Count) return false;
                for (var i = 0; i < stx.Fields.Count; i++)
                {
                    var f = stx.Fields[i];
                    var g = sty.Fields[i];
                    if (f.Name != g.Name || f.Embedded != g.Embedded || stx.Tag(i) != sty.Tag(i) || !Identical(f.Type, g.Type, depth + 1)) return false;
                }
                return true;
            }
            case InterfaceType ix:
            {
                if (y is not InterfaceType iy) return false;
                var xs = ix.MethodSet;
                var ys = iy.MethodSet;
                if (xs.Count != ys.Count) return false;
                for (var i = 0; i < xs.Count; i++)
                    if (xs[i].Name != ys[i].Name || !Identical(xs[i].Type, ys[i].Type, depth + 1)) return false;
                return ix.Embeddeds.Count == iy.Embeddeds.Count;
            }
            case NamedType nx:
            {
                if (y is not NamedType ny) return false;
                var ox = nx.Origin ?? nx;
                var oy = ny.Origin ?? ny;
                if (!ReferenceEquals(ox, oy) && !ReferenceEquals(ox.Obj, oy.Obj)) return false;
                if (nx.TypeArgs.Count != ny.TypeArgs.Count) return false;
                for (var i = 0; i < nx.TypeArgs.Count; i++)
                    if (!Identical(nx.TypeArgs[i], ny.TypeArgs[i], depth + 1)) return false;
                return true;
            }
            default:
                return false;
        }
    }

    private static bool IdenticalVars(IReadOnlyList<Var> a, IReadOnlyList<Var> b, int depth)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (!Identical(a[i].Type, b[i].Type, depth + 1)) return false;
        return true;
    }

    public static bool IsInterface(GoType t) => t is not TypeParamType && t.Underlying is InterfaceType;

    public static bool IsUntyped(GoType t) => t is BasicType { IsUntyped: true };

    /// <summary>The type an untyped constant takes when nothing else decides (Go spec "Constants").</summary>
    public static GoType Default(GoType t) => t is BasicType b
        ? b.Kind switch
        {
            BasicKind.UntypedBool => Universe.Bool,
            BasicKind.UntypedInt => Universe.Int,
            BasicKind.UntypedRune => Universe.Rune,
            BasicKind.UntypedFloat => Universe.Float64,
            BasicKind.UntypedComplex => Universe.Complex128,
            BasicKind.UntypedString => Universe.String,
            _ => t,
        }
        : t;

    /// <summary>
    /// The single underlying type all types of a type set share (spec "Core types"); for a non-parameter
    /// type its underlying type. Null when there is none.
    /// </summary>
    public static GoType? CoreType(GoType t)
    {
        if (t is not TypeParamType tp) return t.Underlying;
        GoType? core = null;
        if (tp.Constraint.Underlying is not InterfaceType iface) return null;
        foreach (var e in iface.Embeddeds)
        {
            var terms = e is UnionType u ? u.Terms.Select(x => x.Type) : [e];
            foreach (var term in terms)
            {
                var under = term is TypeParamType inner ? CoreType(inner) : term.Underlying;
                if (under == null || under is InterfaceType) continue;
                if (core == null) core = under;
                else if (!Identical(core, under)) return null;
            }
        }
        return core;
    }
}
