using System.Text;

namespace LeakFinder.Semantics.Types;

/// <summary>
/// Prints types exactly as go/types' TypeString does with a nil qualifier: named types qualified by their
/// package path ("*net/http.Response"), tuples in parentheses, signatures without the "func" keyword
/// inside method lists. Tests compare our output with go/types' line for line, so the spelling matters.
/// </summary>
public static class TypeFormatter
{
    public static string Format(GoType type)
    {
        var sb = new StringBuilder();
        Write(sb, type, []);
        return sb.ToString();
    }

    public static string FormatSignature(SignatureType sig)
    {
        var sb = new StringBuilder();
        WriteSignature(sb, sig, []);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, GoType type, HashSet<GoType> seen)
    {
        switch (type)
        {
            case BasicType b:
                if (b.Kind == BasicKind.UnsafePointer) sb.Append("unsafe.");
                sb.Append(b.Name);
                break;
            case PointerType p:
                sb.Append('*');
                Write(sb, p.Elem, seen);
                break;
            case SliceType s:
                sb.Append("[]");
                Write(sb, s.Elem, seen);
                break;
            case ArrayType a:
                sb.Append('[').Append(a.Len).Append(']');
                Write(sb, a.Elem, seen);
                break;
            case MapType m:
                sb.Append("map[");
                Write(sb, m.Key, seen);
                sb.Append(']');
                Write(sb, m.Elem, seen);
                break;
            case ChanType c:
                WriteChan(sb, c, seen);
                break;
            case TupleType t:
                WriteTuple(sb, t, false, seen);
                break;
            case SignatureType sig:
                sb.Append("func");
                WriteSignature(sb, sig, seen);
                break;
            case StructType st:
                WriteStruct(sb, st, seen);
                break;
            case InterfaceType it:
                WriteInterface(sb, it, seen);
                break;
            case UnionType u:
                for (var i = 0; i < u.Terms.Count; i++)
                {
                    if (i > 0) sb.Append(" | ");
                    if (u.Terms[i].Tilde) sb.Append('~');
                    Write(sb, u.Terms[i].Type, seen);
                }
                break;
            case TypeParamType tp:
                sb.Append(tp.Obj.Name);
                break;
            case NamedType n:
                WriteNamed(sb, n, seen);
                break;
            default:
                sb.Append(type.GetType().Name);
                break;
        }
    }

    private static void WriteNamed(StringBuilder sb, NamedType n, HashSet<GoType> seen)
    {
        if (n.Obj.Pkg != null) sb.Append(n.Obj.Pkg.Path).Append('.');
        sb.Append(n.Obj.Name);
        if (n.TypeArgs.Count > 0)
        {
            WriteTypeList(sb, n.TypeArgs, seen);
        }
        else if (n.TypeParams.Count > 0)
        {
            // An uninstantiated generic type prints its parameters with their constraints.
            WriteTypeParams(sb, n.TypeParams, seen);
        }
    }

    private static void WriteTypeList(StringBuilder sb, IReadOnlyList<GoType> list, HashSet<GoType> seen)
    {
        sb.Append('[');
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, list[i], seen);
        }
        sb.Append(']');
    }

    private static void WriteTypeParams(StringBuilder sb, IReadOnlyList<TypeParamType> tparams, HashSet<GoType> seen)
    {
        sb.Append('[');
        for (var i = 0; i < tparams.Count; i++)
        {
            var tp = tparams[i];
            var nextShares = i + 1 < tparams.Count && ReferenceEquals(tparams[i + 1].Constraint, tp.Constraint);
            if (i > 0) sb.Append(", ");
            sb.Append(tp.Obj.Name);
            if (!nextShares)
            {
                sb.Append(' ');
                Write(sb, tp.Constraint, seen);
            }
        }
        sb.Append(']');
    }

    private static void WriteChan(StringBuilder sb, ChanType c, HashSet<GoType> seen)
    {
        var parens = false;
        switch (c.Dir)
        {
            case ChanDir.SendRecv:
                sb.Append("chan ");
                // chan (<-chan T) needs parentheses so it does not read as chan<- (chan T).
                parens = c.Elem is ChanType { Dir: ChanDir.RecvOnly };
                break;
            case ChanDir.SendOnly:
                sb.Append("chan<- ");
                break;
            case ChanDir.RecvOnly:
                sb.Append("<-chan ");
                break;
        }
        if (parens) sb.Append('(');
        Write(sb, c.Elem, seen);
        if (parens) sb.Append(')');
    }

    private static void WriteTuple(StringBuilder sb, TupleType t, bool variadic, HashSet<GoType> seen)
    {
        sb.Append('(');
        for (var i = 0; i < t.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            var v = t[i];
            if (v.Name.Length > 0) sb.Append(v.Name).Append(' ');
            if (variadic && i == t.Count - 1)
            {
                if (v.Type is SliceType s)
                {
                    sb.Append("...");
                    Write(sb, s.Elem, seen);
                    continue;
                }
                // A variadic string parameter of append's special form prints as "...".
                Write(sb, v.Type, seen);
                sb.Append("...");
                continue;
            }
            Write(sb, v.Type, seen);
        }
        sb.Append(')');
    }

    private static void WriteSignature(StringBuilder sb, SignatureType sig, HashSet<GoType> seen)
    {
        if (sig.TypeParams.Count > 0) WriteTypeParams(sb, sig.TypeParams, seen);
        WriteTuple(sb, sig.Params, sig.Variadic, seen);
        var n = sig.Results.Count;
        if (n == 0) return;
        sb.Append(' ');
        if (n == 1 && sig.Results[0].Name.Length == 0)
        {
            Write(sb, sig.Results[0].Type, seen);
            return;
        }
        WriteTuple(sb, sig.Results, false, seen);
    }

    private static void WriteStruct(StringBuilder sb, StructType st, HashSet<GoType> seen)
    {
        sb.Append("struct{");
        for (var i = 0; i < st.Fields.Count; i++)
        {
            if (i > 0) sb.Append("; ");
            var f = st.Fields[i];
            if (!f.Embedded) sb.Append(f.Name).Append(' ');
            Write(sb, f.Type, seen);
            var tag = st.Tag(i);
            if (tag.Length > 0) sb.Append(' ').Append(GoQuote(tag));
        }
        sb.Append('}');
    }

    private static void WriteInterface(StringBuilder sb, InterfaceType it, HashSet<GoType> seen)
    {
        if (ReferenceEquals(it, Universe.EmptyInterface))
        {
            sb.Append("any");
            return;
        }
        if (!seen.Add(it))
        {
            sb.Append("interface{...}");
            return;
        }
        sb.Append("interface{");
        var first = true;
        foreach (var m in it.ExplicitMethods)
        {
            if (!first) sb.Append("; ");
            first = false;
            sb.Append(m.Name);
            if (m.Signature != null) WriteSignature(sb, m.Signature, seen);
        }
        foreach (var e in it.Embeddeds)
        {
            if (!first) sb.Append("; ");
            first = false;
            Write(sb, e, seen);
        }
        sb.Append('}');
        seen.Remove(it);
    }

    /// <summary>strconv.Quote for the ASCII-printable common case, escaping the rest as Go does.</summary>
    public static string GoQuote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var r in s.EnumerateRunes())
        {
            switch (r.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (r.Value < 0x20 || r.Value == 0x7f) sb.Append("\\x").Append(r.Value.ToString("x2"));
                    else if (Rune.IsControl(r)) sb.Append(r.Value > 0xFFFF ? $"\\U{r.Value:x8}" : $"\\u{r.Value:x4}");
                    else sb.Append(r.ToString());
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
