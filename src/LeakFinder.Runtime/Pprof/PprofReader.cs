using System.IO.Compression;
using Google.Protobuf;
using LeakFinder.Runtime.Input;
using Proto = LeakFinder.Runtime.Pprof.Proto;

namespace LeakFinder.Runtime.Pprof;

/// <summary>
/// Reads pprof profiles (profile.proto, gzipped as Go writes them or raw) with Google.Protobuf, then resolves
/// string-table indices and ids into <see cref="PprofProfile"/> objects, checking every reference so a
/// corrupt file gives a message instead of an exception later.
/// </summary>
public static class PprofReader
{
    /// <summary>Reads the profile at <paramref name="path"/>; errors name the file.</summary>
    public static PprofProfile Load(string path, long maxBytes = InputLimits.DefaultWholeBytes)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, path, maxBytes);
        }
        catch (FileNotFoundException e) { throw new PprofFormatException($"{path}: no such file", e); }
        catch (DirectoryNotFoundException e) { throw new PprofFormatException($"{path}: no such file", e); }
        catch (IOException e) { throw new PprofFormatException($"{path}: {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new PprofFormatException($"{path}: {e.Message}", e); }
    }

    /// <summary>
    /// Reads a profile from <paramref name="stream"/>; <paramref name="name"/> labels error messages. At most
    /// <paramref name="maxBytes"/> are read, before and after decompression, and the records they hold are
    /// counted before they are parsed (see <see cref="ProfileCensus"/>).
    /// </summary>
    public static PprofProfile Read(Stream stream, string name, long maxBytes = InputLimits.DefaultWholeBytes)
    {
        var bytes = ReadAll(new LimitedStream(stream, name, maxBytes), name, maxBytes);
        if (bytes.Length == 0) throw new PprofFormatException($"{name}: empty file, not a pprof profile");
        ProfileCensus.Check(bytes, name, maxBytes);
        Proto.Profile message;
        try
        {
            message = Proto.Profile.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PprofFormatException($"{name}: not a pprof profile (protobuf: {e.Message})", e);
        }
        return Resolve(message, name);
    }

    private static byte[] ReadAll(Stream stream, string name, long maxBytes)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var raw = buffer.ToArray();
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var gz = new LimitedStream(new GZipStream(new MemoryStream(raw), CompressionMode.Decompress), name, maxBytes, decompressed: true);
            using var plain = new MemoryStream();
            gz.CopyTo(plain);
            // GZipStream stops quietly at a cut; the gzip trailer's ISIZE (length mod 2^32) tells a cut from the end.
            var expected = raw.Length >= 18 ? BitConverter.ToUInt32(raw, raw.Length - 4) : uint.MaxValue;
            if ((uint)plain.Length != expected)
                throw new PprofFormatException($"{name}: truncated or corrupt gzip data (decompressed {plain.Length} bytes)");
            return plain.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new PprofFormatException($"{name}: corrupt or truncated gzip data ({e.Message})", e);
        }
    }

    private static PprofProfile Resolve(Proto.Profile p, string name)
    {
        var strings = p.StringTable;
        if (strings.Count == 0 || strings[0] != "")
            throw new PprofFormatException($"{name}: not a pprof profile (string_table[0] must be the empty string)");

        string Str(long index, string what)
        {
            if (index < 0 || index >= strings.Count)
                throw new PprofFormatException($"{name}: {what} refers to string {index}, but the string table has {strings.Count}");
            return strings[(int)index];
        }

        var sampleTypes = p.SampleType.Select(v => new ValueType(Str(v.Type, "sample_type"), Str(v.Unit, "sample_type"))).ToArray();

        var mappings = new Dictionary<ulong, PprofMapping>(p.Mapping.Count);
        var mappingList = new List<PprofMapping>(p.Mapping.Count);
        foreach (var m in p.Mapping)
        {
            var mapping = new PprofMapping(m.Id, m.MemoryStart, m.MemoryLimit, m.FileOffset, Str(m.Filename, "mapping"),
                Str(m.BuildId, "mapping"), m.HasFunctions, m.HasFilenames, m.HasLineNumbers, m.HasInlineFrames);
            if (m.Id == 0 || !mappings.TryAdd(m.Id, mapping))
                throw new PprofFormatException($"{name}: mapping id {m.Id} is zero or repeated");
            mappingList.Add(mapping);
        }

        var functions = new Dictionary<ulong, PprofFunction>(p.Function.Count);
        var functionList = new List<PprofFunction>(p.Function.Count);
        foreach (var f in p.Function)
        {
            var function = new PprofFunction(f.Id, Str(f.Name, "function"), Str(f.SystemName, "function"),
                Str(f.Filename, "function"), f.StartLine);
            if (f.Id == 0 || !functions.TryAdd(f.Id, function))
                throw new PprofFormatException($"{name}: function id {f.Id} is zero or repeated");
            functionList.Add(function);
        }

        var locations = new Dictionary<ulong, PprofLocation>(p.Location.Count);
        var locationList = new List<PprofLocation>(p.Location.Count);
        foreach (var l in p.Location)
        {
            PprofMapping? mapping = null;
            if (l.MappingId != 0 && !mappings.TryGetValue(l.MappingId, out mapping))
                throw new PprofFormatException($"{name}: location {l.Id} refers to missing mapping {l.MappingId}");
            var lines = new PprofLine[l.Line.Count];
            for (var i = 0; i < lines.Length; i++)
            {
                var line = l.Line[i];
                PprofFunction? function = null;
                if (line.FunctionId != 0 && !functions.TryGetValue(line.FunctionId, out function))
                    throw new PprofFormatException($"{name}: location {l.Id} refers to missing function {line.FunctionId}");
                lines[i] = new PprofLine(function, line.Line_);
            }
            var location = new PprofLocation(l.Id, mapping, l.Address, lines, l.IsFolded);
            if (l.Id == 0 || !locations.TryAdd(l.Id, location))
                throw new PprofFormatException($"{name}: location id {l.Id} is zero or repeated");
            locationList.Add(location);
        }

        var samples = new List<PprofSample>(p.Sample.Count);
        for (var si = 0; si < p.Sample.Count; si++)
        {
            var s = p.Sample[si];
            if (s.Value.Count != sampleTypes.Length)
                throw new PprofFormatException($"{name}: sample {si} has {s.Value.Count} values, the profile declares {sampleTypes.Length} sample types");
            var stack = new PprofLocation[s.LocationId.Count];
            for (var i = 0; i < stack.Length; i++)
                if (!locations.TryGetValue(s.LocationId[i], out stack[i]!))
                    throw new PprofFormatException($"{name}: sample {si} refers to missing location {s.LocationId[i]}");
            var labels = new List<KeyValuePair<string, string>>();
            var numLabels = new List<NumLabel>();
            foreach (var label in s.Label)
            {
                var key = Str(label.Key, "label");
                if (label.Str != 0) labels.Add(new(key, Str(label.Str, "label")));
                else numLabels.Add(new NumLabel(key, label.Num, Str(label.NumUnit, "label")));
            }
            samples.Add(new PprofSample(stack, s.Value.ToArray(), labels.ToArray(), numLabels.ToArray()));
        }

        return new PprofProfile
        {
            SampleTypes = sampleTypes,
            Samples = samples,
            Locations = locationList,
            Functions = functionList,
            Mappings = mappingList,
            PeriodType = p.PeriodType is { } pt ? new ValueType(Str(pt.Type, "period_type"), Str(pt.Unit, "period_type")) : null,
            Period = p.Period,
            TimeNanos = p.TimeNanos,
            DurationNanos = p.DurationNanos,
            DropFrames = Str(p.DropFrames, "drop_frames"),
            KeepFrames = Str(p.KeepFrames, "keep_frames"),
            DefaultSampleType = Str(p.DefaultSampleType, "default_sample_type"),
            Comments = p.Comment.Select(c => Str(c, "comment")).ToArray(),
        };
    }
}
