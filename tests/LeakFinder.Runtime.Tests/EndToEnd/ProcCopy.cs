namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// Copies what LeakFinder reads from /proc/PID into a directory laid out like /proc/PID, so the analysis
/// runs on a frozen copy and a failing test leaves the evidence behind: status, smaps_rollup, maps, cgroup,
/// net/tcp and net/tcp6 as files; fd/ as symbolic links to the same targets ("socket:[123]",
/// "anon_inode:inotify", paths); and the memory cgroup's memory.* files under memory-cgroup/.
/// </summary>
public static class ProcCopy
{
    private static readonly string[] Files = ["status", "smaps_rollup", "smaps", "maps", "cgroup", "net/tcp", "net/tcp6"];

    public static void Capture(int pid, string destination)
    {
        var proc = $"/proc/{pid}";
        Directory.CreateDirectory(destination);
        foreach (var name in Files)
        {
            var target = Path.Combine(destination, name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, File.ReadAllBytes(Path.Combine(proc, name)));
        }
        CopyFdLinks(Path.Combine(proc, "fd"), Path.Combine(destination, "fd"));
        CopyMemoryCgroup(File.ReadAllLines(Path.Combine(proc, "cgroup")), Path.Combine(destination, "memory-cgroup"));
    }

    private static void CopyFdLinks(string fdDirectory, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var fd in Directory.EnumerateFileSystemEntries(fdDirectory))
        {
            string? target;
            try { target = new FileInfo(fd).LinkTarget; }
            catch (IOException) { continue; } // closed while we listed the directory
            if (target != null) File.CreateSymbolicLink(Path.Combine(destination, Path.GetFileName(fd)), target);
        }
    }

    /// <summary>cgroup v1 names the memory controller ("4:memory:/path"); v2 has one unified line ("0::/path").</summary>
    private static void CopyMemoryCgroup(string[] cgroupLines, string destination)
    {
        var directory = MemoryCgroupDirectory(cgroupLines);
        if (directory == null || !Directory.Exists(directory)) return;
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(directory, "memory.*"))
        {
            try { File.WriteAllBytes(Path.Combine(destination, Path.GetFileName(file)), File.ReadAllBytes(file)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // write-only or unsupported controls
        }
    }

    private static string? MemoryCgroupDirectory(string[] cgroupLines)
    {
        foreach (var line in cgroupLines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains("memory"))
                return "/sys/fs/cgroup/memory" + parts[2];
        }
        foreach (var line in cgroupLines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[0] == "0" && parts[1] == "" && File.Exists("/sys/fs/cgroup/cgroup.controllers"))
                return "/sys/fs/cgroup" + parts[2];
        }
        return null;
    }
}
