namespace LeakFinder.Semantics.Types;

/// <summary>
/// Sizes and alignments of types on a 64-bit target, as go/types' StdSizes{WordSize: 8, MaxAlign: 8}
/// (Go 1.19's gc/amd64 sizes): what unsafe.Sizeof, Alignof and Offsetof evaluate to.
/// </summary>
public static class Sizes
{
    private const long WordSize = 8;
    private const long MaxAlign = 8;

    public static long Sizeof(GoType t, int depth = 0)
    {
        if (depth > 64) return WordSize;
        switch (t.Underlying)
        {
            case BasicType b:
                return b.Kind switch
                {
                    BasicKind.Bool or BasicKind.Int8 or BasicKind.Uint8 => 1,
                    BasicKind.Int16 or BasicKind.Uint16 => 2,
                    BasicKind.Int32 or BasicKind.Uint32 or BasicKind.Float32 => 4,
                    BasicKind.Int64 or BasicKind.Uint64 or BasicKind.Float64 or BasicKind.Complex64 => 8,
                    BasicKind.Complex128 => 16,
                    BasicKind.String => WordSize * 2,
                    _ => WordSize,
                };
            case ArrayType a:
            {
                if (a.Len <= 0) return 0;
                var z = Sizeof(a.Elem, depth + 1);
                return Align(z, Alignof(a.Elem, depth + 1)) * (a.Len - 1) + z;
            }
            case SliceType:
                return WordSize * 3;
            case StructType st:
            {
                if (st.Fields.Count == 0) return 0;
                var offsets = Offsetsof(st, depth);
                return offsets[^1] + Sizeof(st.Fields[^1].Type, depth + 1);
            }
            case InterfaceType:
                return WordSize * 2;
            default:
                return WordSize;
        }
    }

    public static long Alignof(GoType t, int depth = 0)
    {
        if (depth > 64) return WordSize;
        switch (t.Underlying)
        {
            case ArrayType a:
                return Alignof(a.Elem, depth + 1);
            case StructType st:
            {
                // sync/atomic.align64 is an empty struct that asks for 64-bit alignment of its container.
                if (st.Fields.Count == 0 && t is NamedType { Obj.Name: "align64", Obj.Pkg.Path: "sync/atomic" or "runtime/internal/atomic" }) return 8;
                long max = 1;
                foreach (var f in st.Fields) max = Math.Max(max, Alignof(f.Type, depth + 1));
                return max;
            }
            case SliceType or InterfaceType:
                return WordSize;
            case BasicType { IsString: true }:
                return WordSize;
        }
        var a2 = Sizeof(t, depth + 1);
        return a2 < 1 ? 1 : Math.Min(a2, MaxAlign);
    }

    public static long[] Offsetsof(StructType st, int depth = 0)
    {
        var offsets = new long[st.Fields.Count];
        long o = 0;
        for (var i = 0; i < offsets.Length; i++)
        {
            var f = st.Fields[i].Type;
            o = Align(o, Alignof(f, depth + 1));
            offsets[i] = o;
            o += Sizeof(f, depth + 1);
        }
        return offsets;
    }

    private static long Align(long x, long a) => (x + a - 1) / a * a;
}
