using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using Ast = LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

public sealed partial class Checker
{
    private Operand Call(Ast.CallExpr call, Env env, GoType? hint)
    {
        var f = Expr(call.Fun, env);
        switch (f.Mode)
        {
            case OperandMode.Invalid:
                foreach (var a in call.Args) Expr(a, env);
                return Operand.Invalid;
            case OperandMode.TypeExpr:
                return Conversion(call, f.Type, env);
            case OperandMode.Builtin:
                return BuiltinCall(call, BuiltinName(call.Fun), env, hint);
        }
        if ((TypeIdentity.CoreType(f.Type) ?? f.Type.Underlying) is not SignatureType sig)
        {
            foreach (var a in call.Args) Expr(a, env);
            return Operand.Invalid;
        }
        var args = Arguments(call, sig, env);
        if (sig.TypeParams.Count > 0) sig = Infer(sig, args);
        return sig.Results.Count switch
        {
            0 => Operand.NoValue,
            1 => Operand.Val(sig.Results[0].Type),
            _ => Operand.Val(sig.Results),
        };
    }

    /// <summary>The argument operands; f(g()) spreads g's results over the parameters.</summary>
    private List<Operand> Arguments(Ast.CallExpr call, SignatureType sig, Env env)
    {
        var args = new List<Operand>(call.Args.Count);
        for (var i = 0; i < call.Args.Count; i++)
        {
            var x = Expr(call.Args[i], env, ParamType(sig, i, call.Ellipsis.IsValid));
            if (call.Args.Count == 1 && x.Type is TupleType { Count: > 1 } t)
            {
                foreach (var v in t.Vars) args.Add(Operand.Val(v.Type));
                continue;
            }
            args.Add(x);
        }
        return args;
    }

    private static GoType? ParamType(SignatureType sig, int i, bool spread)
    {
        var n = sig.Params.Count;
        if (n == 0) return null;
        if (sig.Variadic && i >= n - 1)
            return spread ? sig.Params[n - 1].Type : (sig.Params[n - 1].Type as SliceType)?.Elem;
        return i < n ? sig.Params[i].Type : null;
    }

    private Operand Conversion(Ast.CallExpr call, GoType target, Env env)
    {
        Operand x = Operand.Invalid;
        foreach (var a in call.Args) x = Expr(a, env, target);
        if (call.Args.Count == 1 && x.IsConstant && target.Underlying is BasicType b && b.Kind != BasicKind.Invalid)
        {
            var value = x.Value!;
            if (b.IsString && x.Value!.Kind == ConstantKind.Int)
                value = Constant.OfString(x.Value.Int >= 0 && x.Value.Int <= 0x10FFFF ? char.ConvertFromUtf32((int)x.Value.Int) : "\uFFFD");
            else if (b.IsInteger && value.AsInt is { } iv) value = Constant.OfInt(iv);
            else if (b.Kind is BasicKind.Float32 or BasicKind.Float64 && value.IsNumeric && value.Kind != ConstantKind.Complex) value = Constant.OfFloat(value.AsDouble);
            return Operand.Const(target, value);
        }
        return Operand.Val(target);
    }

    private static string BuiltinName(Ast.Expr fun) => fun switch
    {
        Ast.Ident id => id.Name,
        Ast.SelectorExpr sel => sel.Sel.Name,
        Ast.ParenExpr p => BuiltinName(p.X),
        _ => "",
    };

    private Operand BuiltinCall(Ast.CallExpr call, string name, Env env, GoType? hint)
    {
        var args = call.Args;
        Operand Arg(int i, GoType? h = null) => i < args.Count ? Expr(args[i], env, h) : Operand.Invalid;
        void Rest(int from)
        {
            for (var i = from; i < args.Count; i++) Expr(args[i], env);
        }

        switch (name)
        {
            case "len" or "cap":
            {
                var x = Arg(0);
                var under = TypeIdentity.CoreType(x.Type) ?? x.Type.Underlying;
                if (x.IsConstant && x.Value!.Kind == ConstantKind.String && name == "len")
                    return Operand.Const(Universe.Int, Constant.OfInt(System.Text.Encoding.UTF8.GetByteCount(x.Value.String)));
                if (under is ArrayType { Len: >= 0 } a && !HasCallOrReceive(args[0]))
                    return Operand.Const(Universe.Int, Constant.OfInt(a.Len));
                if (under is PointerType { Elem.Underlying: ArrayType { Len: >= 0 } pa } && !HasCallOrReceive(args[0]))
                    return Operand.Const(Universe.Int, Constant.OfInt(pa.Len));
                return Operand.Val(Universe.Int);
            }
            case "append":
            {
                var s = Arg(0, hint);
                var elem = (TypeIdentity.CoreType(s.Type) ?? s.Type.Underlying) is SliceType st ? st.Elem : null;
                for (var i = 1; i < args.Count; i++) Expr(args[i], env, call.Ellipsis.IsValid ? s.Type : elem);
                return s.IsInvalid || TypeIdentity.IsUntyped(s.Type) ? Operand.Invalid : Operand.Val(s.Type);
            }
            case "make":
            {
                var t = args.Count > 0 ? TypeExpr(args[0], env) : Invalid.Type;
                Rest(1);
                return Operand.Val(t);
            }
            case "new":
            {
                if (args.Count == 0) return Operand.Val(new PointerType(Invalid.Type));
                if (DenotesType(args[0], env)) return Operand.Val(new PointerType(TypeExpr(args[0], env)));
                // Go 1.26: new(x) of a value allocates a copy of it, typed as x is when assigned (new(42) is *int).
                var x = Expr(args[0], env);
                return Operand.Val(new PointerType(x.IsInvalid ? Invalid.Type : TypeIdentity.Default(x.Type)));
            }
            case "copy":
                Rest(0);
                return Operand.Val(Universe.Int);
            case "complex":
            {
                var x = Arg(0);
                Rest(1);
                var isFloat32 = x.Type.Underlying is BasicType { Kind: BasicKind.Float32 };
                if (x.IsConstant && TypeIdentity.IsUntyped(x.Type)) return Operand.Const(Universe.UntypedComplex, Constant.OfComplex());
                return Operand.Val(isFloat32 ? Universe.Complex64 : Universe.Complex128);
            }
            case "real" or "imag":
            {
                var x = Arg(0);
                if (x.IsConstant && TypeIdentity.IsUntyped(x.Type)) return Operand.Const(Universe.UntypedFloat, Constant.Unknown);
                return Operand.Val(x.Type.Underlying is BasicType { Kind: BasicKind.Complex64 } ? Universe.Float32 : Universe.Float64);
            }
            case "recover":
                return Operand.Val(new InterfaceType([], []));
            case "min" or "max":
            {
                var ops = args.Select(a => Expr(a, env, hint)).ToList();
                if (ops.Count == 0 || ops.Any(o => o.IsInvalid)) return Operand.Invalid;
                var t = ops.Select(o => o.Type).Aggregate(BinaryResultType);
                return ops.All(o => o.IsConstant) ? Operand.Const(t, Constant.Unknown) : Operand.Val(t);
            }
            case "panic" or "print" or "println" or "close" or "delete" or "clear":
                Rest(0);
                return Operand.NoValue;
            case "Sizeof" or "Alignof":
            {
                var x = Arg(0);
                if (x.IsInvalid || x.Type is TypeParamType || ContainsTypeParam(x.Type)) return Operand.Val(Universe.Uintptr);
                var t = TypeIdentity.Default(x.Type);
                return Operand.Const(Universe.Uintptr, Constant.OfInt(name == "Sizeof" ? Sizes.Sizeof(t) : Sizes.Alignof(t)));
            }
            case "Offsetof":
            {
                Rest(0);
                var offset = args.Count == 1 && Ast.Expr.Unparen(args[0]) is Ast.SelectorExpr sel && _info.Selections.TryGetValue(sel, out var s) ? FieldOffset(s) : null;
                return offset is { } o ? Operand.Const(Universe.Uintptr, Constant.OfInt(o)) : Operand.Const(Universe.Uintptr, Constant.Unknown);
            }
            case "Add":
                Rest(0);
                return Operand.Val(Universe.UnsafePointer);
            case "Slice":
            {
                var p = Arg(0);
                Rest(1);
                return p.Type.Underlying is PointerType pp ? Operand.Val(new SliceType(pp.Elem)) : Operand.Invalid;
            }
            case "SliceData":
            {
                var s = Arg(0);
                return s.Type.Underlying is SliceType ss ? Operand.Val(new PointerType(ss.Elem)) : Operand.Invalid;
            }
            case "String":
                Rest(0);
                return Operand.Val(Universe.String);
            case "StringData":
                Rest(0);
                return Operand.Val(new PointerType(Universe.Byte));
            default:
                Rest(0);
                return Operand.Invalid;
        }
    }

    /// <summary>The offset of a selected field from the start of the struct it is selected on (through embedded fields, not pointers).</summary>
    private static long? FieldOffset(Selection s)
    {
        if (s.Kind != SelectionKind.FieldVal) return null;
        var t = s.Recv is PointerType p ? p.Elem : s.Recv;
        long offset = 0;
        foreach (var i in s.Index)
        {
            if (t.Underlying is not StructType st || i < 0 || i >= st.Fields.Count) return null;
            offset += Sizes.Offsetsof(st)[i];
            t = st.Fields[i].Type;
            if (t is PointerType) return null;
        }
        return offset;
    }

    private static bool ContainsTypeParam(GoType t, int depth = 0) => depth < 16 && t switch
    {
        TypeParamType => true,
        ArrayType a => ContainsTypeParam(a.Elem, depth + 1),
        StructType st => st.Fields.Any(f => ContainsTypeParam(f.Type, depth + 1)),
        NamedType n => n.TypeArgs.Any(a => ContainsTypeParam(a, depth + 1)) || n.Underlying is StructType or ArrayType && ContainsTypeParam(n.Underlying, depth + 1),
        _ => false,
    };

    private static bool HasCallOrReceive(Ast.Expr e)
    {
        return Ast.Walker.Any(e, n => n is Ast.CallExpr or Ast.UnaryExpr { Op: Token.Arrow }, intoLiterals: false);
    }

    /// <summary>Whether e is a type rather than a value, decided from its syntax and the objects its names denote.</summary>
    private bool DenotesType(Ast.Expr e, Env env) => e switch
    {
        Ast.ParenExpr p => DenotesType(p.X, env),
        Ast.Ident id => Lookup(id, env, record: false) is TypeName or null,
        Ast.SelectorExpr { X: Ast.Ident pkg } sel when Lookup(pkg, env, record: false) is PkgName pn =>
            pn.Imported.Scope.LookupLocal(sel.Sel.Name) is TypeName or null,
        Ast.SelectorExpr => false,
        Ast.StarExpr star => DenotesType(star.X, env),
        Ast.IndexExpr ix => DenotesType(ix.X, env),
        Ast.IndexListExpr il => DenotesType(il.X, env),
        Ast.ArrayType or Ast.MapType or Ast.ChanType or Ast.FuncType or Ast.StructType or Ast.InterfaceType => true,
        _ => false,
    };

    private static SignatureType InstantiateSignature(SignatureType generic, IReadOnlyList<GoType> targs)
    {
        var subst = new TypeSubstituter(generic.TypeParams, targs);
        var inst = (SignatureType)subst.Apply(new SignatureType(generic.Recv, [], generic.Params, generic.Results, generic.Variadic));
        // Explicit arguments may be partial (f[int]): keep the remaining parameters to infer at the call.
        var rest = generic.TypeParams.Skip(targs.Count).ToList();
        return rest.Count == 0 ? inst : new SignatureType(inst.Recv, rest, inst.Params, inst.Results, inst.Variadic);
    }
}
