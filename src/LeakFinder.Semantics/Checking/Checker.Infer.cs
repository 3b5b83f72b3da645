using LeakFinder.Semantics.Types;

namespace LeakFinder.Semantics.Checking;

public sealed partial class Checker
{
    /// <summary>
    /// Infers a generic function's type arguments from the call's arguments (function argument type
    /// inference, then untyped constants' default types, then constraint type inference through core types
    /// such as ~[]E), and returns the instantiated signature. Parameters it cannot infer stay as they are.
    /// </summary>
    private static SignatureType Infer(SignatureType sig, IReadOnlyList<Operand> args)
    {
        var tparams = sig.TypeParams;
        var bound = new Dictionary<TypeParamType, GoType>(ReferenceEqualityComparer.Instance);
        var isParam = new HashSet<TypeParamType>(tparams, ReferenceEqualityComparer.Instance);

        var untyped = new List<(TypeParamType P, GoType Arg)>();
        for (var i = 0; i < args.Count; i++)
        {
            var p = ParamType(sig, i, false);
            if (p == null || args[i].IsInvalid) continue;
            var a = args[i].Type;
            if (TypeIdentity.IsUntyped(a))
            {
                if (p is TypeParamType tp && isParam.Contains(tp)) untyped.Add((tp, a));
                continue;
            }
            Unify(p, a, bound, isParam);
        }
        foreach (var (p, a) in untyped)
            if (!bound.ContainsKey(p) && a != Universe.UntypedNil) bound[p] = TypeIdentity.Default(a);

        for (var round = 0; round < 3; round++)
        {
            foreach (var tp in tparams)
            {
                var core = TypeIdentity.CoreType(tp);
                if (core == null || core is InterfaceType) continue;
                if (bound.TryGetValue(tp, out var actual)) Unify(core, actual.Underlying, bound, isParam);
                else if (!MentionsUnbound(core, bound, isParam)) bound[tp] = new TypeSubstituter(tparams, Args(tparams, bound)).Apply(core);
            }
        }
        var subst = new TypeSubstituter(tparams, Args(tparams, bound));
        return (SignatureType)subst.Apply(new SignatureType(sig.Recv, [], sig.Params, sig.Results, sig.Variadic));
    }

    private static List<GoType> Args(IReadOnlyList<TypeParamType> tparams, Dictionary<TypeParamType, GoType> bound)
    {
        // Bound values may mention other parameters (S = []E): substitute to a fixed point, a few rounds deep.
        var args = tparams.Select(tp => bound.TryGetValue(tp, out var t) ? t : tp).ToList();
        for (var round = 0; round < 3; round++)
        {
            var subst = new TypeSubstituter(tparams, args);
            args = args.Select(subst.Apply).ToList();
        }
        return args;
    }

    private static bool MentionsUnbound(GoType t, Dictionary<TypeParamType, GoType> bound, HashSet<TypeParamType> isParam) => t switch
    {
        TypeParamType tp => isParam.Contains(tp) && !bound.ContainsKey(tp),
        PointerType p => MentionsUnbound(p.Elem, bound, isParam),
        SliceType s => MentionsUnbound(s.Elem, bound, isParam),
        ArrayType a => MentionsUnbound(a.Elem, bound, isParam),
        ChanType c => MentionsUnbound(c.Elem, bound, isParam),
        MapType m => MentionsUnbound(m.Key, bound, isParam) || MentionsUnbound(m.Elem, bound, isParam),
        _ => false,
    };

    private static void Unify(GoType p, GoType a, Dictionary<TypeParamType, GoType> bound, HashSet<TypeParamType> isParam, int depth = 0)
    {
        if (depth > 32) return;
        if (p is TypeParamType tp && isParam.Contains(tp))
        {
            bound.TryAdd(tp, a);
            return;
        }
        // A named argument matches a type literal parameter through its underlying type.
        if (p is not NamedType && a is NamedType && p is not InterfaceType) a = a.Underlying;
        switch (p, a)
        {
            case (PointerType pp, PointerType ap):
                Unify(pp.Elem, ap.Elem, bound, isParam, depth + 1);
                break;
            case (SliceType ps, SliceType @as):
                Unify(ps.Elem, @as.Elem, bound, isParam, depth + 1);
                break;
            case (ArrayType pa, ArrayType aa):
                Unify(pa.Elem, aa.Elem, bound, isParam, depth + 1);
                break;
            case (ChanType pc, ChanType ac):
                Unify(pc.Elem, ac.Elem, bound, isParam, depth + 1);
                break;
            case (MapType pm, MapType am):
                Unify(pm.Key, am.Key, bound, isParam, depth + 1);
                Unify(pm.Elem, am.Elem, bound, isParam, depth + 1);
                break;
            case (SignatureType pf, SignatureType af):
                for (var i = 0; i < pf.Params.Count && i < af.Params.Count; i++) Unify(pf.Params[i].Type, af.Params[i].Type, bound, isParam, depth + 1);
                for (var i = 0; i < pf.Results.Count && i < af.Results.Count; i++) Unify(pf.Results[i].Type, af.Results[i].Type, bound, isParam, depth + 1);
                break;
            case (NamedType pn, NamedType an) when ReferenceEquals(pn.Origin ?? pn, an.Origin ?? an):
                for (var i = 0; i < pn.TypeArgs.Count && i < an.TypeArgs.Count; i++) Unify(pn.TypeArgs[i], an.TypeArgs[i], bound, isParam, depth + 1);
                break;
        }
    }
}
