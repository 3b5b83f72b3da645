using Google.Protobuf;
using LeakFinder.Runtime.Input;

namespace LeakFinder.Runtime.Pprof;

/// <summary>
/// Counts the objects a profile.proto would become before it is parsed: two bytes of protobuf (an empty
/// sample, label or string) become an object of a hundred bytes, so a 1 MB gzip file can ask for tens of GB.
/// The walk reads tags and lengths only (no allocation); more objects than one per 64 bytes of the input limit
/// is refused, which keeps the parsed profile within about twice the limit.
/// </summary>
internal static class ProfileCensus
{
    public const int BytesPerObject = 64;

    // Fields of profile.proto holding messages, by message: Profile, Sample, Location (the others hold no submessages).
    private static bool IsNested(int depth, int field) => depth switch
    {
        0 => field is 2 or 4, // sample, location
        _ => false,
    };

    public static void Check(byte[] data, string name, long maxBytes)
    {
        var limit = Math.Max(1024, maxBytes / BytesPerObject);
        long objects = 0;
        try
        {
            Count(new CodedInputStream(data), depth: 0, ref objects, limit, name, maxBytes);
        }
        catch (InvalidProtocolBufferException)
        {
            // Malformed: the real parse says what is wrong.
        }
    }

    private static void Count(CodedInputStream input, int depth, ref long objects, long limit, string name, long maxBytes)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
            {
                input.SkipLastField();
                continue;
            }
            // Every length-delimited field is a message or a string: one object (packed scalars are arrays, counted by bytes).
            if (++objects > limit)
                throw new InputLimitException($"{name}: more than {limit} records in the profile; --max-input-mb raises the limit");
            var field = WireFormat.GetTagFieldNumber(tag);
            if (IsNested(depth, field))
            {
                var bytes = input.ReadBytes();
                Count(new CodedInputStream(bytes.ToByteArray()), depth + 1, ref objects, limit, name, maxBytes);
            }
            else input.SkipLastField();
        }
    }
}
