namespace LeakFinder.Fuzz.Tests;

/// <summary>
/// Deterministic mutations of seed inputs (one System.Random per input, seeded from the campaign seed and the
/// input's number, so any failing input can be made again from its number): byte flips, insertions of bytes
/// that change structure (newlines, brackets, quotes, invalid UTF-8, NUL, ESC, a lone surrogate escape, big
/// numbers), deletions, duplicated and spliced chunks, truncation; one to four at a time.
/// </summary>
public static class Mutator
{
    private static readonly byte[][] Interesting =
    [
        "\n"u8.ToArray(), "\r\n"u8.ToArray(), "\t"u8.ToArray(), " "u8.ToArray(), "("u8.ToArray(), ")"u8.ToArray(),
        "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), "\""u8.ToArray(), "'"u8.ToArray(),
        "\\"u8.ToArray(), "\\u"u8.ToArray(), "\\ud800"u8.ToArray(), "//"u8.ToArray(), "/*"u8.ToArray(), ":"u8.ToArray(),
        "@"u8.ToArray(), "#"u8.ToArray(), "+0x"u8.ToArray(), "0x"u8.ToArray(), "->"u8.ToArray(), "goroutine "u8.ToArray(),
        "goroutine 1 [running]:\n"u8.ToArray(), "created by "u8.ToArray(), "..."u8.ToArray(), "gc 1 @"u8.ToArray(),
        "99999999999999999999"u8.ToArray(), "-1"u8.ToArray(), "2147483648"u8.ToArray(), "9223372036854775808"u8.ToArray(),
        [0], [0x1b], [0x7f], [0xff], [0xc3], [0xe2, 0x82], [0xef, 0xbb, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0x80],
    ];

    public static byte[] Mutate(IReadOnlyList<byte[]> seeds, Random rng)
    {
        var data = seeds[rng.Next(seeds.Count)];
        var steps = 1 + rng.Next(4);
        for (var i = 0; i < steps; i++) data = Step(data, seeds, rng);
        return data;
    }

    private static byte[] Step(byte[] src, IReadOnlyList<byte[]> seeds, Random rng)
    {
        if (src.Length == 0) return Interesting[rng.Next(Interesting.Length)];
        switch (rng.Next(7))
        {
            case 0: // flip a few bytes
            {
                var dst = (byte[])src.Clone();
                for (var n = 1 + rng.Next(4); n > 0; n--) dst[rng.Next(dst.Length)] = (byte)rng.Next(256);
                return dst;
            }
            case 1: // insert something structural
            {
                var at = rng.Next(src.Length + 1);
                return [.. src.AsSpan(0, at), .. Interesting[rng.Next(Interesting.Length)], .. src.AsSpan(at)];
            }
            case 2: // delete a run
            {
                var at = rng.Next(src.Length);
                var len = Math.Min(src.Length - at, 1 + rng.Next(64));
                return [.. src.AsSpan(0, at), .. src.AsSpan(at + len)];
            }
            case 3: // duplicate a chunk in place (repeated records, repeated frames)
            {
                var at = rng.Next(src.Length);
                var len = Math.Min(src.Length - at, 1 + rng.Next(512));
                return [.. src.AsSpan(0, at + len), .. src.AsSpan(at, len), .. src.AsSpan(at + len)];
            }
            case 4: // splice the head of one input onto the tail of another seed
            {
                var other = seeds[rng.Next(seeds.Count)];
                var cut = rng.Next(src.Length);
                var from = other.Length == 0 ? 0 : rng.Next(other.Length);
                return [.. src.AsSpan(0, cut), .. other.AsSpan(from)];
            }
            case 5: // truncate
                return src[..rng.Next(src.Length)];
            default: // overwrite a byte with a neighbour value (varint and length fields in protobuf)
            {
                var dst = (byte[])src.Clone();
                var at = rng.Next(dst.Length);
                dst[at] = (byte)(dst[at] + (rng.Next(2) == 0 ? 1 : -1));
                return dst;
            }
        }
    }
}
