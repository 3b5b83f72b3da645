namespace LeakFinder.Semantics.Types;

/// <summary>
/// Replaces type parameters by type arguments throughout a type (instantiation), rebuilding only the
/// parts that change. Named generic types are re-instantiated with substituted arguments.
/// </summary>
public sealed class TypeSubstituter
{
    private readonly Dictionary<TypeParamType, GoType> _map;

    public TypeSubstituter(IReadOnlyList<TypeParamType> parameters, IReadOnlyList<GoType> arguments)
    {
        _map = new Dictionary<TypeParamType, GoType>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < parameters.Count && i < arguments.Count; i++) _map[parameters[i]] = arguments[i];
    }

    public bool IsEmpty => _map.Count == 0;

    public GoType Apply(GoType t)
    {
        if (IsEmpty) return t;
        switch (t)
        {
            case TypeParamType tp:
                return _map.TryGetValue(tp, out var arg) ? arg : tp;
            case PointerType p:
                return Rebuild(p.Elem, e => new PointerType(e), p);
            case SliceType s:
                return Rebuild(s.Elem, e => new SliceType(e), s);
            case ArrayType a:
                return Rebuild(a.Elem, e => new ArrayType(a.Len, e), a);
            case ChanType c:
                return Rebuild(c.Elem, e => new ChanType(c.Dir, e), c);
            case MapType m:
            {
                var k = Apply(m.Key);
                var v = Apply(m.Elem);
                return ReferenceEquals(k, m.Key) && ReferenceEquals(v, m.Elem) ? m : new MapType(k, v);
            }
            case TupleType tuple:
                return ApplyTuple(tuple);
            case SignatureType sig:
            {
                var ps = ApplyTuple(sig.Params);
                var rs = ApplyTuple(sig.Results);
                return ReferenceEquals(ps, sig.Params) && ReferenceEquals(rs, sig.Results)
                    ? sig
                    : new SignatureType(sig.Recv, sig.TypeParams, ps, rs, sig.Variadic);
            }
            case StructType st:
            {
                var changed = false;
                var fields = new Var[st.Fields.Count];
                for (var i = 0; i < fields.Length; i++)
                {
                    var f = st.Fields[i];
                    var ft = Apply(f.Type);
                    changed |= !ReferenceEquals(ft, f.Type);
                    fields[i] = ReferenceEquals(ft, f.Type) ? f : new Var(f.Name, f.Pkg, f.Pos, ft, true, f.Embedded);
                }
                return changed ? new StructType(fields, st.Tags) : st;
            }
            case NamedType n when n.TypeArgs.Count > 0 && n.Origin != null:
            {
                var changed = false;
                var args = new GoType[n.TypeArgs.Count];
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = Apply(n.TypeArgs[i]);
                    changed |= !ReferenceEquals(args[i], n.TypeArgs[i]);
                }
                return changed ? Instantiate(n.Origin, args) : n;
            }
            default:
                return t;
        }
    }

    /// <summary>The instance origin[args]; its underlying type is substituted lazily.</summary>
    public static NamedType Instantiate(NamedType origin, IReadOnlyList<GoType> args)
    {
        var inst = new NamedType(origin.Obj) { TypeArgs = args, Origin = origin };
        inst.SetLazyUnderlying(() => new TypeSubstituter(origin.TypeParams, args).Apply(origin.Underlying));
        return inst;
    }

    private TupleType ApplyTuple(TupleType tuple)
    {
        var changed = false;
        var vars = new Var[tuple.Count];
        for (var i = 0; i < vars.Length; i++)
        {
            var v = tuple[i];
            var vt = Apply(v.Type);
            changed |= !ReferenceEquals(vt, v.Type);
            vars[i] = ReferenceEquals(vt, v.Type) ? v : new Var(v.Name, v.Pkg, v.Pos, vt);
        }
        return changed ? new TupleType(vars) : tuple;
    }

    private GoType Rebuild(GoType elem, Func<GoType, GoType> make, GoType original)
    {
        var e = Apply(elem);
        return ReferenceEquals(e, elem) ? original : make(e);
    }
}
