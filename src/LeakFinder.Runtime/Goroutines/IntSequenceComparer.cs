using System.Runtime.CompilerServices;
namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// Compares int arrays by content, and lets a dictionary keyed by them be probed with a span, so looking
/// up a goroutine's bucket allocates nothing unless the bucket is new.
/// </summary>
internal sealed class IntSequenceComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
{
    public static readonly IntSequenceComparer Instance = new();

    public bool Equals(int[]? x, int[]? y) => ReferenceEquals(x, y) || (x != null && y != null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(int[] obj) => Hash(obj);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int GetHashCode(ReadOnlySpan<int> alternate) => Hash(alternate);

    public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Hash(ReadOnlySpan<int> values)
    {
        var h = new HashCode();
        h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        return h.ToHashCode();
    }
}
