using System.Text;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using Ast = LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

public sealed partial class Checker
{
    /// <summary>Evaluates an expression in env; hint is the type the context expects (for elided composite literals).</summary>
    private Operand Expr(Ast.Expr e, Env env, GoType? hint = null)
    {
        var x = ExprCore(e, env, hint);
        _info.Types[e] = new TypeAndValue(x.Mode, x.Type, x.Value);
        return x;
    }

    private Operand ExprCore(Ast.Expr e, Env env, GoType? hint)
    {
        switch (e)
        {
            case Ast.Ident id:
                return IdentExpr(id, env);
            case Ast.BasicLit lit:
                return BasicLit(lit);
            case Ast.ParenExpr p:
                return Expr(p.X, env, hint);
            case Ast.FuncLit fl:
            {
                var scope = new Scope(env.Scope, "function literal");
                _info.Scopes[fl.Type] = scope;
                var sig = Signature(fl.Type, env.With(scope), scope, null, []);
                FuncBody(fl.Body, sig, scope);
                return Operand.Val(sig);
            }
            case Ast.CompositeLit cl:
                return CompositeLit(cl, env, hint);
            case Ast.SelectorExpr sel:
                return Selector(sel, env);
            case Ast.IndexExpr ix:
                return Index(ix, env);
            case Ast.IndexListExpr il:
            {
                var f = Expr(il.X, env);
                if (f.Mode == OperandMode.TypeExpr) return new Operand(OperandMode.TypeExpr, TypeExpr(il, env));
                // A loop, not Indices.Select(a => TypeExpr(a, env)): a lambda capturing the parameter env made every
                // ExprCore call allocate its closure (~45 MiB on std), whatever the expression.
                var targs = new List<GoType>(il.Indices.Count);
                foreach (var a in il.Indices) targs.Add(TypeExpr(a, env));
                return f.Type is SignatureType { TypeParams.Count: > 0 } gs ? Operand.Val(InstantiateSignature(gs, targs)) : Operand.Invalid;
            }
            case Ast.SliceExpr se:
                return SliceExpr(se, env);
            case Ast.TypeAssertExpr ta:
            {
                Expr(ta.X, env);
                if (ta.Type == null) return Operand.Invalid; // x.(type) outside a type switch
                return new Operand(OperandMode.CommaOk, TypeExpr(ta.Type, env));
            }
            case Ast.CallExpr call:
                return Call(call, env, hint);
            case Ast.StarExpr star:
            {
                var x = Expr(star.X, env);
                if (x.Mode == OperandMode.TypeExpr) return new Operand(OperandMode.TypeExpr, new PointerType(x.Type));
                return (TypeIdentity.CoreType(x.Type) ?? x.Type.Underlying) is PointerType p ? Operand.Var(p.Elem) : Operand.Invalid;
            }
            case Ast.UnaryExpr u:
                return Unary(u, env, hint);
            case Ast.BinaryExpr b:
                return Binary(b, env, hint);
            case Ast.KeyValueExpr kv:
                Expr(kv.Key, env);
                Expr(kv.Value, env);
                return Operand.Invalid;
            case Ast.ArrayType or Ast.StructType or Ast.FuncType or Ast.InterfaceType or Ast.MapType or Ast.ChanType:
                return new Operand(OperandMode.TypeExpr, TypeExprCore(e, env));
            default:
                return Operand.Invalid;
        }
    }

    private Operand IdentExpr(Ast.Ident id, Env env)
    {
        if (id.Name == "_") return Operand.Invalid;
        var obj = Lookup(id, env);
        switch (obj)
        {
            case Var v:
                return Operand.Var(v.Type);
            case Const { Name: "iota", Pkg: null } when env.Iota is { } iota:
                return Operand.Const(Universe.UntypedInt, Constant.OfInt(iota));
            case Const c:
                return Operand.Const(c.Type, c.Value);
            case TypeName tn:
                return new Operand(OperandMode.TypeExpr, tn.Type);
            case Func f:
                return Operand.Val(f.Type);
            case Builtin:
                return new Operand(OperandMode.Builtin, Invalid.Type);
            case Nil:
                return Operand.Val(Universe.UntypedNil);
            default:
                return Operand.Invalid;
        }
    }

    private static Operand BasicLit(Ast.BasicLit lit)
    {
        switch (lit.Kind)
        {
            case Token.Int:
                return Operand.Const(Universe.UntypedInt, Constant.ParseDecimal(lit.Value) ?? Constant.Parse(NormalizeNumber(lit.Value)));
            case Token.Float:
                return Operand.Const(Universe.UntypedFloat, Constant.Parse(NormalizeNumber(lit.Value)));
            case Token.Imag:
                return Operand.Const(Universe.UntypedComplex, Constant.OfComplex());
            case Token.Char:
            {
                var s = UnquoteString(lit.Value);
                var r = s.Length > 0 ? char.ConvertToUtf32(s, 0) : 0;
                return Operand.Const(Universe.UntypedRune, Constant.OfInt(r));
            }
            case Token.String:
                return Operand.Const(Universe.UntypedString, Constant.OfString(UnquoteString(lit.Value)));
            default:
                return Operand.Invalid;
        }
    }

    /// <summary>Integer literal forms Constant.Parse does not know: 0o17, 017, 0b101, and _ separators.</summary>
    private static string NormalizeNumber(string lit)
    {
        var s = lit.Replace("_", "");
        if (s.Length > 2 && s[0] == '0' && s[1] is 'b' or 'B' or 'o' or 'O')
        {
            var radix = s[1] is 'b' or 'B' ? 2 : 8;
            System.Numerics.BigInteger v = 0;
            foreach (var ch in s[2..]) v = v * radix + (ch - '0');
            return v.ToString();
        }
        // (A span search, not s.All(char.IsAsciiDigit): every hex literal got here and allocated an enumerator.)
        if (s.Length > 1 && s[0] == '0' && !s.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            System.Numerics.BigInteger v = 0;
            foreach (var ch in s[1..]) v = v * 8 + (ch - '0');
            return v.ToString();
        }
        return s;
    }

    /// <summary>The value of a Go string or rune literal (raw or interpreted).</summary>
    internal static string UnquoteString(string lit)
    {
        if (lit.Length < 2) return "";
        if (lit[0] == '`') return lit.Contains('\r') ? lit[1..^1].Replace("\r", "") : lit[1..^1];
        var body = lit.AsSpan(1, lit.Length - 2);
        // Most literals have no escapes: their value is their text (source is UTF-8, already decoded).
        if (!body.Contains('\\')) return body.ToString();
        var bytes = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\')
            {
                var run = body[i..];
                var end = run.IndexOf('\\');
                if (end < 0) end = run.Length;
                AppendUtf8(bytes, run[..end]);
                i += end - 1;
                continue;
            }
            // A literal the scanner rejected (cut after its backslash, a short \x or \u) still reaches the
            // checker: the parser reported it, so its value only has to be something, never an exception.
            if (++i >= body.Length) { AppendUtf8(bytes, "\uFFFD"); break; }
            var n = body[i];
            switch (n)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '\'': bytes.Add((byte)'\''); break;
                case '"': bytes.Add((byte)'"'); break;
                case 'x':
                    if (TryHex(body, i + 1, 2, out var b)) bytes.Add((byte)b);
                    else AppendUtf8(bytes, "\uFFFD");
                    i += Math.Min(2, body.Length - i - 1);
                    break;
                case 'u' or 'U':
                {
                    var len = n == 'u' ? 4 : 8;
                    var valid = TryHex(body, i + 1, len, out var cp);
                    AppendUtf8(bytes, valid && cp is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(cp) : "\uFFFD");
                    i += Math.Min(len, body.Length - i - 1);
                    break;
                }
                default:
                    if (n is >= '0' and <= '7')
                    {
                        var octal = i + 3 <= body.Length && body.Slice(i, 3).IndexOfAnyExceptInRange('0', '7') < 0;
                        if (octal) bytes.Add((byte)System.Convert.ToInt32(body.Slice(i, 3).ToString(), 8));
                        else AppendUtf8(bytes, "\uFFFD");
                        i += Math.Min(2, body.Length - i - 1);
                    }
                    break;
            }
        }
        return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
    }

    private static bool TryHex(ReadOnlySpan<char> body, int start, int length, out int value)
    {
        value = 0;
        return start + length <= body.Length && int.TryParse(body.Slice(start, length), System.Globalization.NumberStyles.AllowHexSpecifier,
            System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    private static void AppendUtf8(List<byte> bytes, ReadOnlySpan<char> text)
    {
        Span<byte> buffer = stackalloc byte[256];
        while (text.Length > 0)
        {
            var chunk = text.Length > 64 ? text[..64] : text;
            // Keep a surrogate pair together: a lone half would encode as U+FFFD.
            if (chunk.Length < text.Length && char.IsHighSurrogate(chunk[^1])) chunk = text[..(chunk.Length + 1)];
            var written = Encoding.UTF8.GetBytes(chunk, buffer);
            bytes.AddRange(buffer[..written]);
            text = text[chunk.Length..];
        }
    }

    private Operand CompositeLit(Ast.CompositeLit cl, Env env, GoType? hint)
    {
        GoType type;
        if (cl.Type is Ast.ArrayType { Len: Ast.Ellipsis } at)
        {
            var elem = TypeExpr(at.Elt, env);
            type = new ArrayType(CountArrayElements(cl, env), elem);
            _info.Types[cl.Type] = new TypeAndValue(OperandMode.TypeExpr, type, null);
        }
        else if (cl.Type != null)
        {
            type = TypeExpr(cl.Type, env);
        }
        else
        {
            // An elided type in a composite literal element: the element type; &T{} elides to *T.
            type = hint ?? Invalid.Type;
            if (type.Underlying is PointerType hp) type = hp.Elem;
        }
        var under = TypeIdentity.CoreType(type) ?? type.Underlying;
        switch (under)
        {
            case StructType st:
                foreach (var elt in cl.Elts)
                {
                    if (elt is Ast.KeyValueExpr { Key: Ast.Ident or Ast.SelectorExpr } kv)
                        Expr(kv.Value, env, FieldKey(kv.Key, type, st)?.Type);
                    else
                        Expr(elt, env);
                }
                break;
            case ArrayType or SliceType or MapType:
            {
                var (keyType, elemType) = under switch
                {
                    ArrayType a => ((GoType)Universe.Int, a.Elem),
                    SliceType s => (Universe.Int, s.Elem),
                    MapType m => (m.Key, m.Elem),
                    _ => (Invalid.Type, Invalid.Type),
                };
                foreach (var elt in cl.Elts)
                {
                    if (elt is Ast.KeyValueExpr kv)
                    {
                        Expr(kv.Key, env, keyType);
                        Expr(kv.Value, env, elemType);
                    }
                    else
                    {
                        Expr(elt, env, elemType);
                    }
                }
                break;
            }
            default:
                foreach (var elt in cl.Elts)
                {
                    if (elt is Ast.KeyValueExpr kv)
                    {
                        if (kv.Key is not Ast.Ident) Expr(kv.Key, env);
                        Expr(kv.Value, env);
                    }
                    else
                    {
                        Expr(elt, env);
                    }
                }
                break;
        }
        return Operand.Val(type);
    }

    private long CountArrayElements(Ast.CompositeLit cl, Env env)
    {
        long max = 0, index = 0;
        foreach (var elt in cl.Elts)
        {
            if (elt is Ast.KeyValueExpr kv && ConstantIndex(kv.Key, env) is { } k) index = k;
            index++;
            max = Math.Max(max, index);
        }
        return max;
    }

    private long? ConstantIndex(Ast.Expr e, Env env)
    {
        var x = Expr(e, env);
        return x.Value?.AsInt is { } v && v >= 0 && v <= long.MaxValue ? (long)v : null;
    }

    private Operand Selector(Ast.SelectorExpr sel, Env env)
    {
        if (sel.X is Ast.Ident pkgId && Lookup(pkgId, env, record: false) is PkgName pn)
        {
            _info.Uses[pkgId] = pn;
            var member = pn.Imported.Scope.LookupLocal(sel.Sel.Name);
            if (member == null) return Operand.Invalid;
            _info.Uses[sel.Sel] = member;
            return member switch
            {
                Var v => Operand.Var(v.Type),
                Const c => Operand.Const(c.Type, c.Value),
                TypeName tn => new Operand(OperandMode.TypeExpr, tn.Type),
                Func f => Operand.Val(f.Type),
                Builtin => new Operand(OperandMode.Builtin, Invalid.Type),
                _ => Operand.Invalid,
            };
        }
        var x = Expr(sel.X, env);
        if (x.IsInvalid) return Operand.Invalid;
        var found = MemberLookup.Find(x.Type, sel.Sel.Name, _pkg);
        if (found == null) return Operand.Invalid;
        // A method of this package may be selected before its own declaration was resolved.
        if (_decls.ContainsKey(found.Obj)) Resolve(found.Obj);
        found = found with { Obj = InstantiatedMethod(found.Obj, x.Type) };
        _info.Uses[sel.Sel] = found.Obj;
        if (x.Mode == OperandMode.TypeExpr)
        {
            // A method expression T.M: a function taking the receiver first.
            if (found.Obj is not Func { Signature: { } ms }) return Operand.Invalid;
            var bound = BindMethod(ms, x.Type);
            var withRecv = new SignatureType(null, bound.TypeParams, new TupleType([new Var("", _pkg, 0, x.Type), .. bound.Params.Vars]), bound.Results, bound.Variadic);
            _info.Selections[sel] = new Selection(SelectionKind.MethodExpr, x.Type, found.Obj, found.Index, found.Indirect) { Type = withRecv };
            return Operand.Val(withRecv);
        }
        switch (found.Obj)
        {
            case Var field:
                _info.Selections[sel] = new Selection(SelectionKind.FieldVal, x.Type, field, found.Index, found.Indirect);
                // A field of an addressable struct, or reached through a pointer, is itself addressable.
                return x.Mode == OperandMode.Variable || found.Indirect || x.Type.Underlying is PointerType ? Operand.Var(field.Type) : Operand.Val(field.Type);
            case Func { Signature: { } sig } method:
            {
                var bound = BindMethod(sig, x.Type);
                _info.Selections[sel] = new Selection(SelectionKind.MethodVal, x.Type, method, found.Index, found.Indirect) { Type = bound };
                return Operand.Val(bound);
            }
            default:
                return Operand.Invalid;
        }
    }

    /// <summary>
    /// The field a struct literal key names: a field of the struct, or since Go 1.27 any field selector for it
    /// (a promoted field, Inner.X, Inner.Deep.Y); null when the key names no field.
    /// </summary>
    private Var? FieldKey(Ast.Expr key, GoType type, StructType st)
    {
        Var? field;
        switch (key)
        {
            case Ast.Ident id:
                field = st.Fields.FirstOrDefault(f => f.Name == id.Name) ?? MemberLookup.Find(type, id.Name, _pkg)?.Obj as Var;
                if (field is not { IsField: true }) return null;
                _info.Uses[id] = field;
                return field;
            case Ast.SelectorExpr sel when FieldKey(sel.X, type, st) is { } outer:
                field = MemberLookup.Find(outer.Type, sel.Sel.Name, _pkg)?.Obj as Var;
                if (field is not { IsField: true }) return null;
                _info.Uses[sel.Sel] = field;
                return field;
            default:
                return null;
        }
    }

    /// <summary>
    /// A method's signature as seen through a receiver of type recv: receiver removed, and for methods of
    /// generic types, the type's arguments substituted for the receiver's type parameters. A generic method's
    /// own type parameters (Go 1.27) stay, to be instantiated or inferred at the call.
    /// </summary>
    private static SignatureType BindMethod(SignatureType sig, GoType recv)
    {
        var subst = ReceiverSubstitution(sig, recv);
        // Shared by packages checked in parallel: a race makes a second equal signature, never a wrong one.
        if (subst == null) return sig.Bound ??= new SignatureType(null, sig.TypeParams, sig.Params, sig.Results, sig.Variadic);
        var ps = subst?.Apply(sig.Params) as TupleType ?? sig.Params;
        var rs = subst?.Apply(sig.Results) as TupleType ?? sig.Results;
        return new SignatureType(null, sig.TypeParams, ps, rs, sig.Variadic);
    }

    private readonly Dictionary<(Func, string), Func> _instantiatedMethods = [];

    /// <summary>
    /// A method selected through an instance of a generic type (atomic.Pointer[File].Store) is, as in go/types,
    /// its own object whose signature has the type arguments substituted: func(val *File), not func(val *T).
    /// </summary>
    private GoObject InstantiatedMethod(GoObject obj, GoType recv)
    {
        if (obj is not Func { Signature: { } sig } method || ReceiverSubstitution(sig, recv) is not { } subst) return obj;
        var key = (method, TypeFormatter.Format(recv is PointerType p ? p.Elem : recv));
        if (_instantiatedMethods.TryGetValue(key, out var inst)) return inst;
        inst = new Func(method.Name, method.Pkg, method.Pos) { Origin = method.Origin ?? method };
        var recvVar = sig.Recv == null ? null : new Var(sig.Recv.Name, sig.Recv.Pkg, sig.Recv.Pos, subst.Apply(sig.Recv.Type));
        inst.SetSignature(new SignatureType(recvVar, sig.TypeParams, (TupleType)subst.Apply(sig.Params), (TupleType)subst.Apply(sig.Results), sig.Variadic));
        _instantiatedMethods[key] = inst;
        return inst;
    }

    private static TypeSubstituter? ReceiverSubstitution(SignatureType sig, GoType recv)
    {
        var declared = sig.Recv?.Type;
        if (declared is PointerType dp) declared = dp.Elem;
        if (declared is not NamedType { TypeArgs.Count: > 0 } dn) return null;
        var actual = recv is PointerType rp ? rp.Elem : recv;
        // Through embedding the receiver may be a different type; find the instance of the method's base type.
        var instance = FindInstance(actual, dn.Origin ?? dn, 0);
        if (instance == null) return null;
        var tparams = dn.TypeArgs.OfType<TypeParamType>().ToList();
        return tparams.Count == dn.TypeArgs.Count ? new TypeSubstituter(tparams, instance.TypeArgs) : null;
    }

    private static NamedType? FindInstance(GoType t, NamedType origin, int depth)
    {
        if (depth > 8) return null;
        if (t is PointerType p) t = p.Elem;
        if (t is NamedType n && ReferenceEquals(n.Origin ?? n, origin)) return n;
        if (t.Underlying is StructType st)
            foreach (var f in st.Fields)
                if (f.Embedded && FindInstance(f.Type, origin, depth + 1) is { } found) return found;
        return null;
    }

    private Operand Index(Ast.IndexExpr ix, Env env)
    {
        var x = Expr(ix.X, env);
        if (x.Mode == OperandMode.TypeExpr) return new Operand(OperandMode.TypeExpr, TypeExpr(ix, env));
        if (x.Type is SignatureType { TypeParams.Count: > 0 } generic)
            return Operand.Val(InstantiateSignature(generic, [TypeExpr(ix.Index, env)]));
        var under = TypeIdentity.CoreType(x.Type) ?? x.Type.Underlying;
        if (under is MapType m)
        {
            Expr(ix.Index, env, m.Key);
            return new Operand(OperandMode.MapIndex, m.Elem);
        }
        Expr(ix.Index, env);
        return under switch
        {
            SliceType s => Operand.Var(s.Elem),
            ArrayType a => x.Mode == OperandMode.Variable ? Operand.Var(a.Elem) : Operand.Val(a.Elem),
            PointerType { Elem.Underlying: ArrayType pa } => Operand.Var(pa.Elem),
            BasicType { IsString: true } => Operand.Val(Universe.Byte),
            _ => Operand.Invalid,
        };
    }

    private Operand SliceExpr(Ast.SliceExpr se, Env env)
    {
        var x = Expr(se.X, env);
        foreach (var part in new[] { se.Low, se.High, se.Max })
            if (part != null) Expr(part, env);
        var under = TypeIdentity.CoreType(x.Type) ?? x.Type.Underlying;
        return under switch
        {
            BasicType { Kind: BasicKind.UntypedString } => Operand.Val(Universe.String),
            BasicType { IsString: true } => Operand.Val(x.Type),
            SliceType => Operand.Val(x.Type),
            ArrayType a => Operand.Val(new SliceType(a.Elem)),
            PointerType { Elem.Underlying: ArrayType pa } => Operand.Val(new SliceType(pa.Elem)),
            _ => Operand.Invalid,
        };
    }

    private Operand Unary(Ast.UnaryExpr u, Env env, GoType? hint)
    {
        if (u.Op == Token.And)
        {
            var elemHint = hint?.Underlying is PointerType hp ? hp.Elem : null;
            var x = Expr(u.X, env, elemHint);
            return x.IsInvalid ? Operand.Invalid : Operand.Val(new PointerType(x.Type));
        }
        var v = Expr(u.X, env, hint);
        if (v.IsInvalid) return v;
        switch (u.Op)
        {
            case Token.Arrow:
                return (TypeIdentity.CoreType(v.Type) ?? v.Type.Underlying) is ChanType c ? new Operand(OperandMode.CommaOk, c.Elem) : Operand.Invalid;
            case Token.Not:
                return v.IsConstant && v.Value!.Kind == ConstantKind.Bool ? Operand.Const(v.Type, Constant.OfBool(!v.Value.Bool)) : Operand.Val(v.Type);
            case Token.Sub or Token.Add or Token.Xor:
                return v.IsConstant ? Operand.Const(v.Type, ConstantFolding.Unary(u.Op, v.Value!, v.Type)) : Operand.Val(v.Type);
            default:
                return Operand.Val(v.Type);
        }
    }

    private Operand Binary(Ast.BinaryExpr b, Env env, GoType? hint)
    {
        var x = Expr(b.X, env, hint);
        var y = Expr(b.Y, env, IsShift(b.Op) ? null : hint);
        if (x.IsInvalid || y.IsInvalid) return Operand.Invalid;
        if (IsComparison(b.Op))
        {
            var c = x.IsConstant && y.IsConstant ? ConstantFolding.Compare(b.Op, x.Value!, y.Value!) : null;
            return c != null ? Operand.Const(Universe.UntypedBool, c) : Operand.Val(Universe.UntypedBool);
        }
        if (IsShift(b.Op))
        {
            // The result has the left operand's type; an untyped constant shifted by a non-constant takes int.
            var t = x.Type;
            if (x.IsConstant && y.IsConstant)
                return Operand.Const(t, ConstantFolding.Shift(b.Op, x.Value!, y.Value!, t));
            return Operand.Val(TypeIdentity.IsUntyped(t) ? hint is { } h && !TypeIdentity.IsUntyped(h) ? h : Universe.Int : t);
        }
        var type = BinaryResultType(x.Type, y.Type);
        if (x.IsConstant && y.IsConstant)
            return Operand.Const(type, ConstantFolding.Binary(b.Op, x.Value!, y.Value!, type));
        return Operand.Val(type);
    }

    /// <summary>Typed operand wins; of two untyped constants the later kind (int &lt; rune &lt; float &lt; complex).</summary>
    private static GoType BinaryResultType(GoType x, GoType y)
    {
        var xu = TypeIdentity.IsUntyped(x);
        var yu = TypeIdentity.IsUntyped(y);
        if (xu && !yu) return y;
        if (!xu) return x;
        if (x is BasicType bx && y is BasicType by) return bx.Kind >= by.Kind ? x : y;
        return x;
    }

    private static bool IsComparison(Token op) => op is Token.Eql or Token.Neq or Token.Lss or Token.Leq or Token.Gtr or Token.Geq;

    private static bool IsShift(Token op) => op is Token.Shl or Token.Shr;
}
