using System.Globalization;
using LeakFinder.Runtime.Input;

namespace LeakFinder.Runtime.Proc;

/// <summary>
/// What /proc says about one process at one moment: status, smaps_rollup, maps, fds, the TCP sockets it
/// owns and its memory cgroup. <see cref="Capture"/> reads a live process; <see cref="Load"/> reads a copy
/// laid out like /proc/PID (status, smaps_rollup, maps, cgroup, net/tcp, net/tcp6 as files; fd/ as
/// symbolic links; the memory cgroup's memory.* files under memory-cgroup/). Missing or malformed pieces
/// become warnings (`file:line: message`) and the rest is still read.
/// </summary>
public sealed class ProcSnapshot
{
    public required string Source { get; init; }
    public int? Pid { get; init; }
    public DateTimeOffset TakenAt { get; init; }
    public string Name { get; init; } = "";
    /// <summary>Fields of status in kB (VmRSS, RssAnon, RssFile, RssShmem, VmSwap, VmSize, VmHWM...) and counts (Threads).</summary>
    public required IReadOnlyDictionary<string, long> Status { get; init; }
    /// <summary>Fields of smaps_rollup in kB (Rss, Pss, Anonymous, Swap...); empty when unavailable.</summary>
    public required IReadOnlyDictionary<string, long> SmapsRollup { get; init; }
    public required IReadOnlyList<MemoryMapping> Maps { get; init; }
    public required IReadOnlyList<FileDescriptor> Fds { get; init; }
    /// <summary>TCP sockets of this process: rows of net/tcp and tcp6 whose inode is one of its socket fds.</summary>
    public required IReadOnlyList<TcpSocket> Tcp { get; init; }
    /// <summary>Rows of net/tcp and tcp6 in the whole network namespace.</summary>
    public int NamespaceTcpRows { get; init; }
    public CgroupMemory? Cgroup { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>Whether fd/ was listed (false when missing or unreadable: no descriptor was counted).</summary>
    public bool HasFds { get; init; } = true;
    /// <summary>Whether net/tcp or net/tcp6 was read (false: no socket state is known).</summary>
    public bool HasTcp { get; init; } = true;

    public long? StatusKb(string field) => Status.TryGetValue(field, out var v) ? v : null;

    /// <summary>Reads the live process <paramref name="pid"/> from /proc and its memory cgroup from /sys/fs/cgroup.</summary>
    public static ProcSnapshot Capture(int pid, long maxFileBytes = InputLimits.DefaultWholeBytes) =>
        Capture($"/proc/{pid}", pid, liveCgroupRoot: "/sys/fs/cgroup", maxFileBytes);

    /// <summary>Reads this process (/proc/self): handy for tests and self-monitoring.</summary>
    public static ProcSnapshot CaptureSelf() => Capture(Environment.ProcessId);

    /// <summary>Reads a copy of /proc/PID in <paramref name="directory"/>.</summary>
    /// <param name="maxFileBytes">Each file is read up to this many bytes: a bigger one is a warning and not read.</param>
    public static ProcSnapshot Load(string directory, long maxFileBytes = InputLimits.DefaultWholeBytes)
    {
        if (!Directory.Exists(directory)) throw new ProcFormatException($"{directory}: no such directory");
        return Capture(directory, null, liveCgroupRoot: null, maxFileBytes);
    }

    private static ProcSnapshot Capture(string root, int? pid, string? liveCgroupRoot, long maxFileBytes)
    {
        if (!Directory.Exists(root)) throw new ProcFormatException($"{root}: no such process");
        var warnings = new List<string>();
        string? Read(string name, bool optional = false)
        {
            var path = Path.Combine(root, name);
            try { return SafeProcFile.ReadAllText(path, maxFileBytes); }
            catch (InputLimitException e)
            {
                warnings.Add($"{e.Message}; not read");
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!optional || e is not (FileNotFoundException or DirectoryNotFoundException)) warnings.Add($"{path}: {e.Message}");
                return null;
            }
        }

        var statusText = Read("status");
        if (statusText is null && pid is null && !File.Exists(Path.Combine(root, "maps")))
            throw new ProcFormatException($"{root}: not a copy of /proc/PID (no status or maps file)");
        var status = statusText is null ? new Dictionary<string, long>() : ProcParsers.ParseStatus(statusText, Path.Combine(root, "status"), warnings, out _);
        var name = statusText is null ? "" : ProcParsers.StatusName(statusText);
        var rollup = Read("smaps_rollup", optional: true) is { } r ? ProcParsers.ParseKbFields(r, Path.Combine(root, "smaps_rollup"), warnings) : new Dictionary<string, long>();
        // smaps gives each mapping's RSS (live, or when a capture kept it); maps alone gives sizes only.
        var maps = Read("smaps", optional: true) is { } sm ? ProcParsers.ParseSmaps(sm, Path.Combine(root, "smaps"), warnings)
            : Read("maps") is { } m ? ProcParsers.ParseMaps(m, Path.Combine(root, "maps"), warnings) : [];
        var fds = ReadFds(Path.Combine(root, "fd"), warnings, out var hasFds);

        var socketInodes = new HashSet<ulong>();
        foreach (var fd in fds) if (fd.Kind == "socket" && fd.Inode != 0) socketInodes.Add(fd.Inode);
        var tcp = new List<TcpSocket>();
        var rows = 0;
        var hasTcp = false;
        foreach (var (file, v6) in new[] { ("net/tcp", false), ("net/tcp6", true) })
        {
            if (Read(file, optional: true) is not { } text) continue;
            hasTcp = true;
            foreach (var socket in ProcParsers.ParseNetTcp(text, Path.Combine(root, file), v6, warnings))
            {
                rows++;
                if (socketInodes.Contains(socket.Inode)) tcp.Add(socket);
            }
        }

        var cgroup = ReadCgroup(root, liveCgroupRoot, Read("cgroup", optional: true), warnings, maxFileBytes);
        return new ProcSnapshot
        {
            Source = root,
            Pid = pid ?? (int.TryParse(Path.GetFileName(root.TrimEnd('/')), out var p) ? p : status.TryGetValue("Pid", out var sp) ? (int)sp : null),
            TakenAt = DateTimeOffset.UtcNow,
            Name = name,
            Status = status,
            SmapsRollup = rollup,
            Maps = maps,
            Fds = fds,
            Tcp = tcp,
            NamespaceTcpRows = rows,
            Cgroup = cgroup,
            Warnings = warnings,
            HasFds = hasFds,
            HasTcp = hasTcp,
        };
    }

    private static List<FileDescriptor> ReadFds(string directory, List<string> warnings, out bool listed)
    {
        var fds = new List<FileDescriptor>();
        listed = false;
        if (!Directory.Exists(directory))
        {
            warnings.Add($"{directory}: missing; file descriptors not counted");
            return fds;
        }
        try
        {
            listed = true;
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            {
                if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var fd)) continue;
                string? target;
                try { target = new FileInfo(entry).LinkTarget; }
                catch (IOException) { continue; } // closed while listing
                catch (UnauthorizedAccessException e) { warnings.Add($"{entry}: {e.Message}"); continue; }
                if (target != null) fds.Add(new FileDescriptor(fd, target));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"{directory}: {e.Message}");
            listed = false;
        }
        fds.Sort((a, b) => a.Fd.CompareTo(b.Fd));
        return fds;
    }

    private static CgroupMemory? ReadCgroup(string root, string? liveCgroupRoot, string? cgroupFile, List<string> warnings, long maxFileBytes)
    {
        string? directory = null;
        int version = 0;
        if (liveCgroupRoot is null)
        {
            directory = Path.Combine(root, "memory-cgroup");
            if (!Directory.Exists(directory)) return null;
            version = File.Exists(Path.Combine(directory, "memory.limit_in_bytes")) || File.Exists(Path.Combine(directory, "memory.usage_in_bytes")) ? 1 : 2;
        }
        else if (cgroupFile != null)
        {
            (directory, version) = ProcParsers.MemoryCgroupDirectory(cgroupFile, liveCgroupRoot);
            if (directory is null || !Directory.Exists(directory)) return null;
        }
        if (directory is null) return null;
        return ProcParsers.ReadCgroupMemory(directory, version, warnings, maxFileBytes);
    }
}

/// <summary>A /proc directory that cannot be read at all.</summary>
public sealed class ProcFormatException(string message) : Input.InputException(message);
