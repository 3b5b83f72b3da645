using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Where the newlines are in 64 bytes of text, as the bits of one number. A dump's lines average 30 bytes,
/// too short for a vectorised IndexOf per line to pay off its setup: comparing 64 bytes at a time and
/// taking each line end as the next set bit finds them several times faster.
/// </summary>
internal static class NewlineMask
{
    /// <summary>Bytes one mask covers.</summary>
    public const int Width = 64;

    /// <summary>Bit i set when text[offset + i] is '\n'; text must hold <see cref="Width"/> bytes from offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong At(ReadOnlySpan<byte> text, int offset)
    {
        if (offset < 0 || text.Length - offset < Width) throw new ArgumentOutOfRangeException(nameof(offset));
        ref var start = ref Unsafe.Add(ref MemoryMarshal.GetReference(text), offset);
        if (Vector512.IsHardwareAccelerated)
            return Vector512.Equals(Vector512.LoadUnsafe(ref start), Vector512.Create((byte)'\n')).ExtractMostSignificantBits();
        if (Vector256.IsHardwareAccelerated)
        {
            var nl = Vector256.Create((byte)'\n');
            ulong low = Vector256.Equals(Vector256.LoadUnsafe(ref start), nl).ExtractMostSignificantBits();
            ulong high = Vector256.Equals(Vector256.LoadUnsafe(ref start, 32), nl).ExtractMostSignificantBits();
            return low | high << 32;
        }
        // Vector128 is hardware-accelerated on every x64 and arm64 target (the native build's baseline).
        var newline = Vector128.Create((byte)'\n');
        ulong m0 = Vector128.Equals(Vector128.LoadUnsafe(ref start), newline).ExtractMostSignificantBits();
        ulong m1 = Vector128.Equals(Vector128.LoadUnsafe(ref start, 16), newline).ExtractMostSignificantBits();
        ulong m2 = Vector128.Equals(Vector128.LoadUnsafe(ref start, 32), newline).ExtractMostSignificantBits();
        ulong m3 = Vector128.Equals(Vector128.LoadUnsafe(ref start, 48), newline).ExtractMostSignificantBits();
        return m0 | m1 << 16 | m2 << 32 | m3 << 48;
    }
}
