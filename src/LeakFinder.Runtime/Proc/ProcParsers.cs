using System.Globalization;

namespace LeakFinder.Runtime.Proc;

/// <summary>Line parsers for the /proc and cgroup files, each reporting bad lines as `file:line: message`.</summary>
public static class ProcParsers
{
    /// <summary>status: `VmRSS:\t  1760 kB`, `Threads:\t4`; kB fields stay in kB, counts stay counts.</summary>
    public static Dictionary<string, long> ParseStatus(string text, string file, List<string> warnings, out int lines)
    {
        var fields = new Dictionary<string, long>();
        lines = 0;
        foreach (var line in text.Split('\n'))
        {
            lines++;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var value = line[(colon + 1)..].Trim();
            if (value.EndsWith(" kB", StringComparison.Ordinal)) value = value[..^3].TrimEnd();
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) fields[line[..colon]] = number;
            else if (line.StartsWith("Vm", StringComparison.Ordinal) || line.StartsWith("Rss", StringComparison.Ordinal) || line.StartsWith("Threads", StringComparison.Ordinal))
                warnings.Add($"{file}:{lines}: expected a number: {line}");
        }
        return fields;
    }

    public static string StatusName(string text)
    {
        foreach (var line in text.Split('\n'))
            if (line.StartsWith("Name:", StringComparison.Ordinal)) return line[5..].Trim();
        return "";
    }

    /// <summary>smaps_rollup (and memory fields alike): `Rss:   1716 kB`, after a header line of the range.</summary>
    public static Dictionary<string, long> ParseKbFields(string text, string file, List<string> warnings)
    {
        var fields = new Dictionary<string, long>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0 || line.Contains(" [rollup]", StringComparison.Ordinal)) continue;
            var colon = line.IndexOf(':');
            var value = colon > 0 ? line[(colon + 1)..].Trim() : "";
            if (value.EndsWith(" kB", StringComparison.Ordinal)) value = value[..^3].TrimEnd();
            if (colon > 0 && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var kb)) fields[line[..colon]] = kb;
            else warnings.Add($"{file}:{lineNumber}: expected `Field: N kB`: {Shorten(line)}");
        }
        return fields;
    }

    /// <summary>maps: `00400000-00452000 r-xp 00000000 08:02 173521   /usr/bin/dbus-daemon`.</summary>
    public static List<MemoryMapping> ParseMaps(string text, string file, List<string> warnings)
    {
        var maps = new List<MemoryMapping>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var mapping = ParseMapsLine(line);
            if (mapping is null) warnings.Add($"{file}:{lineNumber}: not a maps line: {Shorten(line)}");
            else maps.Add(mapping);
        }
        return maps;
    }

    /// <summary>
    /// smaps: each mapping's maps line followed by `Field: N kB` lines; the mappings come back with their Rss.
    /// </summary>
    public static List<MemoryMapping> ParseSmaps(string text, string file, List<string> warnings)
    {
        var maps = new List<MemoryMapping>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            var space = line.IndexOf(' ');
            if (colon > 0 && (space < 0 || colon < space))
            {
                // A field of the current mapping: only Rss is kept.
                if (maps.Count > 0 && line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    var value = line[4..].Trim();
                    if (value.EndsWith(" kB", StringComparison.Ordinal)
                        && long.TryParse(value[..^3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                        maps[^1] = maps[^1] with { RssKb = kb };
                    else warnings.Add($"{file}:{lineNumber}: expected `Rss: N kB`: {Shorten(line)}");
                }
                continue;
            }
            var mapping = ParseMapsLine(line);
            if (mapping is null) warnings.Add($"{file}:{lineNumber}: not a smaps line: {Shorten(line)}");
            else maps.Add(mapping);
        }
        return maps;
    }

    private static MemoryMapping? ParseMapsLine(string line)
    {
        var span = line.AsSpan();
        var fields = new string[5];
        var pos = 0;
        for (var i = 0; i < 5; i++)
        {
            while (pos < span.Length && span[pos] == ' ') pos++;
            var start = pos;
            while (pos < span.Length && span[pos] != ' ') pos++;
            if (start == pos) return null;
            fields[i] = line[start..pos];
        }
        var path = pos < line.Length ? line[pos..].Trim() : "";
        var dash = fields[0].IndexOf('-');
        if (dash < 0
            || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var from)
            || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var to)
            || to < from || fields[1].Length != 4
            || !ulong.TryParse(fields[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var offset)
            || !ulong.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            return null;
        return new MemoryMapping(from, to, fields[1], offset, fields[3], inode, path);
    }

    private static readonly string[] TcpStates =
        ["", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"];

    /// <summary>net/tcp and tcp6: `sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...`, addresses in kernel byte order.</summary>
    public static List<TcpSocket> ParseNetTcp(string text, string file, bool v6, List<string> warnings)
    {
        var sockets = new List<TcpSocket>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Trim().Length == 0) continue;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10 || DecodeEndpoint(f[1]) is not { } local || DecodeEndpoint(f[2]) is not { } remote
                || !int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var state)
                || !ulong.TryParse(f[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                warnings.Add($"{file}:{lineNumber}: not a tcp table row: {Shorten(line)}");
                continue;
            }
            var stateName = state > 0 && state < TcpStates.Length ? TcpStates[state] : "STATE_" + state.ToString("X2", CultureInfo.InvariantCulture);
            sockets.Add(new TcpSocket(local, remote, stateName, inode, v6));
        }
        return sockets;
    }

    /// <summary>`0100007F:1F90` → `127.0.0.1:8080`; IPv6 as four host-order 32-bit words; v4-mapped v6 shown as v4.</summary>
    public static string? DecodeEndpoint(string text)
    {
        var colon = text.IndexOf(':');
        if (colon < 0 || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port)) return null;
        var hex = text.AsSpan(0, colon);
        if (hex.Length != 8 && hex.Length != 32) return null;
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            if (!uint.TryParse(hex.Slice(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)) return null;
            BitConverter.TryWriteBytes(bytes.AsSpan(word * 4, 4), value); // the kernel prints each word in host (little-endian) order
            if (!BitConverter.IsLittleEndian) Array.Reverse(bytes, word * 4, 4);
        }
        var address = new System.Net.IPAddress(bytes);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
    }

    /// <summary>The memory cgroup directory of /proc/PID/cgroup: v1 names the memory controller, v2 has the one `0::/path` line.</summary>
    public static (string? Directory, int Version) MemoryCgroupDirectory(string cgroupFile, string cgroupRoot)
    {
        foreach (var line in cgroupFile.Split('\n'))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains("memory")) return (Path.Combine(cgroupRoot, "memory") + parts[2].TrimEnd('/'), 1);
        }
        foreach (var line in cgroupFile.Split('\n'))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[0] == "0" && parts[1] == "" && File.Exists(Path.Combine(cgroupRoot, "cgroup.controllers")))
                return (cgroupRoot + parts[2].TrimEnd('/'), 2);
        }
        return (null, 0);
    }

    /// <summary>
    /// v2: memory.current, memory.max ("max" = none), memory.stat anon/file/shmem. v1: memory.usage_in_bytes,
    /// memory.limit_in_bytes (a page-rounded 2^63 means none), memory.stat total_rss/total_cache/total_shmem
    /// (the hierarchy's totals; rss/cache/shmem when the totals are absent).
    /// </summary>
    public static CgroupMemory ReadCgroupMemory(string directory, int version, List<string> warnings, long maxFileBytes = Input.InputLimits.DefaultWholeBytes)
    {
        string? Read(string name)
        {
            var path = Path.Combine(directory, name);
            try { return File.Exists(path) ? SafeProcFile.ReadAllText(path, maxFileBytes).Trim() : null; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Input.InputLimitException) { warnings.Add($"{path}: {e.Message}"); return null; }
        }
        long? Number(string name)
        {
            var text = Read(name);
            if (text is null or "max") return null;
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return v;
            warnings.Add($"{Path.Combine(directory, name)}:1: expected a number or \"max\": {Shorten(text)}");
            return null;
        }

        var stat = new Dictionary<string, long>();
        if (Read("memory.stat") is { } statText)
        {
            var lineNumber = 0;
            foreach (var line in statText.Split('\n'))
            {
                lineNumber++;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v)) stat[parts[0]] = v;
                else if (line.Length > 0) warnings.Add($"{Path.Combine(directory, "memory.stat")}:{lineNumber}: expected `name value`: {Shorten(line)}");
            }
        }
        long? Stat(params string[] names)
        {
            foreach (var n in names) if (stat.TryGetValue(n, out var v)) return v;
            return null;
        }

        // memory.events (v2) and memory.oom_control (v1) are `name value` lines like memory.stat.
        long? Counter(string name, string key)
        {
            if (Read(name) is not { } text) return null;
            foreach (var line in text.Split('\n'))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return v;
            }
            return null;
        }

        if (version == 1)
        {
            var limit = Number("memory.limit_in_bytes");
            if (limit >= long.MaxValue / 2) limit = null; // "no limit" is PAGE_COUNTER_MAX pages: 9223372036854771712 on 4 KiB pages
            return new CgroupMemory(1, Number("memory.usage_in_bytes"), limit, Stat("total_rss", "rss"), Stat("total_cache", "cache"), Stat("total_shmem", "shmem"), stat,
                Counter("memory.oom_control", "oom_kill"));
        }
        return new CgroupMemory(2, Number("memory.current"), Number("memory.max"), Stat("anon"), Stat("file"), Stat("shmem"), stat,
            Counter("memory.events", "oom_kill"));
    }

    private static string Shorten(string line) => line.Length <= 100 ? line : line[..97] + "...";
}
