namespace LeakFinder.Runtime.Proc;

/// <summary>One line of /proc/PID/maps; <see cref="RssKb"/> is known when it came from smaps.</summary>
public sealed record MemoryMapping(ulong Start, ulong End, string Perms, ulong Offset, string Device, ulong Inode, string Path, long? RssKb = null)
{
    public ulong Size => End - Start;
    public bool IsAnonymous => Path == "" || (Inode == 0 && Path.StartsWith("[anon:", StringComparison.Ordinal));
    public bool IsFile => Inode != 0 && Path.StartsWith('/');
}

/// <summary>An open file descriptor and what /proc/PID/fd/N links to ("socket:[123]", "/var/log/x", "anon_inode:inotify").</summary>
public sealed record FileDescriptor(int Fd, string Target)
{
    /// <summary>socket, pipe, inotify, eventfd, eventpoll, timerfd, signalfd, pidfd, anon_inode:X, file, deleted-file, device, other.</summary>
    public string Kind => KindOf(Target);

    /// <summary>The inode of a socket or pipe target ("socket:[12345]"), else 0.</summary>
    public ulong Inode
    {
        get
        {
            var open = Target.IndexOf(":[", StringComparison.Ordinal);
            return open > 0 && Target.EndsWith(']') && ulong.TryParse(Target.AsSpan(open + 2, Target.Length - open - 3), out var inode) ? inode : 0;
        }
    }

    public static string KindOf(string target)
    {
        if (target.StartsWith("socket:[", StringComparison.Ordinal)) return "socket";
        if (target.StartsWith("pipe:[", StringComparison.Ordinal)) return "pipe";
        if (target.StartsWith("anon_inode:", StringComparison.Ordinal))
        {
            var what = target["anon_inode:".Length..].Trim('[', ']');
            return what is "inotify" or "eventfd" or "eventpoll" or "timerfd" or "signalfd" or "pidfd" or "fanotify" or "io_uring" ? what : "anon_inode:" + what;
        }
        if (target.StartsWith("/dev/", StringComparison.Ordinal)) return "device";
        if (target.StartsWith('/')) return target.EndsWith(" (deleted)", StringComparison.Ordinal) ? "deleted-file" : "file";
        return "other";
    }
}

/// <summary>One row of /proc/PID/net/tcp or tcp6.</summary>
public sealed record TcpSocket(string Local, string Remote, string State, ulong Inode, bool V6);

/// <summary>
/// The memory cgroup, normalised over v1 and v2: usage, limit (null when unlimited), anonymous memory,
/// page cache, and tmpfs/shmem, all in bytes; <see cref="Stat"/> keeps every memory.stat field as read.
/// <see cref="OomKills"/>: processes the kernel killed for this cgroup's limit (v2 memory.events oom_kill,
/// v1 memory.oom_control oom_kill on kernels that count it).
/// </summary>
public sealed record CgroupMemory(int Version, long? Usage, long? Limit, long? Anon, long? File, long? Shmem, IReadOnlyDictionary<string, long> Stat,
    long? OomKills = null)
{
    public long? DistanceToLimit => Usage is { } u && Limit is { } l ? l - u : null;
}
