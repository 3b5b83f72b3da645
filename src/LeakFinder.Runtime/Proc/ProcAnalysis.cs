using System.Globalization;
using LeakFinder.Runtime.Suspects;

namespace LeakFinder.Runtime.Proc;

/// <summary>Mappings of one kind: Go heap arenas, other anonymous memory, files, stacks, the C heap, kernel pages.</summary>
public sealed record MappingGroup(string Kind, int Count, ulong Bytes, long? RssBytes);

/// <summary>A file mapped several times over: one mmap per use that is never unmapped repeats its path.</summary>
public sealed record RepeatedMapping(string Path, int Count, ulong Bytes);

/// <summary>
/// Descriptors open on one thing: a path (<see cref="Kind"/> "file", "deleted-file", "device") or a TCP peer
/// ("peer", <see cref="Target"/> the remote address of the sockets, found through their inodes in net/tcp).
/// </summary>
public sealed record FdTarget(string Kind, string Target, int Count);

/// <summary>The summary of one snapshot: memory, mappings, descriptors, sockets, cgroup and the suspects they show.</summary>
public sealed class ProcReport
{
    public required ProcSnapshot Snapshot { get; init; }
    public required IReadOnlyList<MappingGroup> Mappings { get; init; }
    public required IReadOnlyList<RepeatedMapping> RepeatedFiles { get; init; }
    public required IReadOnlyDictionary<string, int> FdsByKind { get; init; }
    public required IReadOnlyDictionary<string, int> TcpByState { get; init; }
    public required IReadOnlyDictionary<string, int> CloseWaitByRemote { get; init; }
    /// <summary>The paths and peers most descriptors are open on (two or more each), most first, at most ten.</summary>
    public IReadOnlyList<FdTarget> TopFdTargets { get; init; } = [];
    public GoMemory? Go { get; init; }
    /// <summary>Anonymous RSS beyond what Go accounts for (bytes, 0 when Go's account covers it all); null without
    /// --heap or --memstats, or when the snapshot has no anonymous RSS.</summary>
    public long? NonGoAnonBytes { get; init; }
    public required IReadOnlyList<LeakSuspect> Suspects { get; init; }
    /// <summary>The suspects with what each is about (a path, a peer, an fd kind), so two views of one leak merge.</summary>
    internal IReadOnlyList<Finding> Findings { get; init; } = [];
}

/// <summary>A suspect and its subject: the file, peer address or descriptor kind it is about.</summary>
internal sealed record Finding(string Subject, LeakSuspect Suspect);

/// <summary>
/// Reads leaks out of /proc: in one snapshot, the shapes that are wrong at any size (a file mapped dozens of
/// times, CLOSE_WAIT sockets piling up per peer, many inotify instances, anonymous RSS far above what Go
/// accounts for); between two snapshots, what grew (descriptors by type, connections per peer, mappings
/// per file, the C heap, threads, RSS). /proc knows no source lines, so suspects carry no site.
/// </summary>
public static class ProcAnalysis
{
    public const int RepeatedMappingThreshold = 8;
    public const int CloseWaitThreshold = 3;
    public const int InotifyThreshold = 8;
    /// <summary>
    /// Descriptors on one path or one peer that are a leak at any age: a pool or a log file holds a few, a
    /// busy server's clients come from many addresses; a thousand on one target is a file or connection
    /// opened per use and never closed, heading for EMFILE.
    /// </summary>
    public const int SameTargetFdThreshold = 1000;

    public static ProcReport Summarize(ProcSnapshot snapshot, GoMemory? go = null)
    {
        var groups = snapshot.Maps.GroupBy(MappingKind)
            .Select(g => new MappingGroup(g.Key, g.Count(), Sum(g), g.Any(m => m.RssKb is null) ? null : g.Sum(m => m.RssKb!.Value) * 1024))
            .OrderByDescending(g => g.Bytes).ToArray();
        var repeated = RepeatedFiles(snapshot);
        var fds = CountBy(snapshot.Fds, f => f.Kind);
        var tcp = CountBy(snapshot.Tcp, t => t.State);
        var closeWait = CountBy(snapshot.Tcp.Where(t => t.State == "CLOSE_WAIT"), t => t.Remote);

        var suspects = new List<Finding>();
        foreach (var r in repeated.Where(r => r.Count >= RepeatedMappingThreshold))
            suspects.Add(Suspect(r.Path, Saturate(r.Count - RepeatedMappingThreshold + 4, 24), "mmap-leak",
                $"{r.Path} is mapped {r.Count} times ({Bytes(r.Bytes)}): an mmap per use that is never unmapped"));
        foreach (var (remote, count) in closeWait.Where(c => c.Value >= CloseWaitThreshold))
            suspects.Add(Suspect(remote, Saturate(count, 10), "close-wait",
                $"{count} TCP connections to {remote} in CLOSE_WAIT: the peer closed them and this process never did (a body or conn not closed)"));
        var targets = FdTargets(snapshot);
        foreach (var t in targets.Where(t => t.Count >= SameTargetFdThreshold))
            suspects.Add(t.Kind == "peer"
                ? Suspect(t.Target, Saturate(t.Count, 2 * SameTargetFdThreshold), "connection-leak",
                    $"{t.Count} open TCP connections to {t.Target} (not counting CLOSE_WAIT): connections opened per use and never closed or returned to a pool")
                : Suspect(t.Target, Saturate(t.Count, 2 * SameTargetFdThreshold), "fd-leak",
                    $"{t.Count} file descriptors open on {t.Target}: a file opened per use and never closed"));
        if (fds.GetValueOrDefault("inotify") is var inotify and >= InotifyThreshold)
            suspects.Add(Suspect("inotify", Saturate(inotify, 16), "inotify-leak", $"{inotify} inotify instances open: watchers created and never closed"));

        long? nonGo = null;
        if (go != null && RssAnonBytes(snapshot) is { } anon)
        {
            // Go's account is an upper bound: less RSS than it is no negative C memory, just none.
            nonGo = Math.Max(0, anon - go.ExpectedResidentBytes);
            if (nonGo > Math.Max(64L << 20, anon / 4))
                suspects.Add(Suspect("non-go", Math.Min(0.9, (double)nonGo.Value / anon), "non-go-memory",
                    $"anonymous RSS {Bytes(anon)} is {Bytes(nonGo.Value)} above what Go accounts for ({go.Source}: in-use heap {Bytes(go.HeapInUseBytes)}, expected resident at most {Bytes(go.ExpectedResidentBytes)}): C/cgo allocations or anonymous mmap"));
        }

        // Without Go's own account, smaps still tells Go's arenas from the rest: a Go process whose resident
        // anonymous memory lies mostly outside its arenas holds C/cgo or mmap memory.
        if (go is null && groups.FirstOrDefault(g => g.Kind == "go-heap") is { RssBytes: { } arenaRss }
            && groups.Where(g => g.Kind is "anonymous" or "c-heap").Sum(g => g.RssBytes ?? 0) is var outside
            && outside > Math.Max(64L << 20, 2 * arenaRss))
            suspects.Add(Suspect("non-go", Math.Min(0.9, (double)outside / (outside + arenaRss)), "non-go-memory",
                $"{Bytes(outside)} of anonymous memory is resident outside Go's heap arenas ({Bytes(arenaRss)} inside): C/cgo allocations or anonymous mmap"));

        return new ProcReport
        {
            Snapshot = snapshot,
            Mappings = groups,
            RepeatedFiles = repeated,
            FdsByKind = fds,
            TcpByState = tcp,
            CloseWaitByRemote = closeWait,
            TopFdTargets = targets.Where(t => t.Count >= 2).Take(10).ToArray(),
            Go = go,
            NonGoAnonBytes = nonGo,
            Suspects = suspects.Select(f => f.Suspect).OrderByDescending(s => s.Score).ToArray(),
            Findings = suspects,
        };
    }

    /// <summary>
    /// What grew from <paramref name="before"/> to <paramref name="after"/>, ranked; plus the one-snapshot suspects
    /// of <paramref name="after"/>. Only what both snapshots have is compared (<see cref="NotCompared"/> says what
    /// was left out): a piece missing from the earlier one would otherwise read as growth from nothing.
    /// </summary>
    public static IReadOnlyList<LeakSuspect> Compare(ProcSnapshot before, ProcSnapshot after, GoMemory? go = null)
    {
        var suspects = new List<Finding>();
        if (before.HasFds && after.HasFds) CompareFds(before, after, suspects);
        if (before.HasTcp && after.HasTcp) CompareConnections(before, after, suspects);
        if (before.Maps.Count > 0 && after.Maps.Count > 0) CompareMappings(before, after, suspects);

        if (before.StatusKb("Threads") is { } threadsBefore && after.StatusKb("Threads") is { } threadsAfter && threadsAfter - threadsBefore >= 10)
            suspects.Add(Suspect("threads", Saturate(threadsAfter - threadsBefore, 50), "thread-leak", $"threads grew by {threadsAfter - threadsBefore} to {threadsAfter}: OS threads locked (LockOSThread) or blocked in cgo/syscalls"));

        if (RssAnonBytes(before) is { } anonBefore && RssAnonBytes(after) is { } anonAfter
            && (anonAfter - anonBefore >= 32L << 20 || (anonAfter - anonBefore >= 8L << 20 && anonAfter >= anonBefore * 3 / 2)))
            suspects.Add(Suspect("rss", 0.5 * Saturate((anonAfter - anonBefore) >> 20, 128), "rss-growth",
                $"anonymous RSS grew {Bytes(anonBefore)} -> {Bytes(anonAfter)}; compare heap profiles (leakfinder profile --base) to see whether Go heap explains it"));

        // A one-snapshot finding about the same thing as a growth finding (the same file, peer or fd kind)
        // is one suspect: keep the growth, which says how fast, at the higher of the two scores.
        foreach (var single in Summarize(after, go).Findings)
        {
            var twin = suspects.FindIndex(g => g.Suspect.Kind == single.Suspect.Kind && g.Subject == single.Subject);
            if (twin < 0) suspects.Add(single);
            else if (single.Suspect.Score > suspects[twin].Suspect.Score)
                suspects[twin] = suspects[twin] with { Suspect = suspects[twin].Suspect with { Score = single.Suspect.Score } };
        }
        return suspects.Select(f => f.Suspect).OrderByDescending(s => s.Score).ToArray();
    }

    /// <summary>
    /// What <see cref="Compare"/> left out or measured differently because one snapshot lacks it (fd/, net/tcp,
    /// maps and smaps, Threads, anonymous RSS), one sentence each naming the snapshot; empty when both have everything.
    /// </summary>
    public static IReadOnlyList<string> NotCompared(ProcSnapshot before, ProcSnapshot after)
    {
        var notes = new List<string>();
        string Lacking(Func<ProcSnapshot, bool> has) =>
            string.Join(" and ", new[] { before, after }.Where(s => !has(s)).Select(s => s.Source).Distinct());
        if (!before.HasFds || !after.HasFds)
            notes.Add($"file descriptors not compared: no fd/ in {Lacking(s => s.HasFds)}");
        if (!before.HasTcp || !after.HasTcp)
            notes.Add($"TCP connections not compared: no net/tcp in {Lacking(s => s.HasTcp)}");
        if (before.Maps.Count == 0 || after.Maps.Count == 0)
            notes.Add($"mappings (C memory, mmap growth) not compared: no maps or smaps in {Lacking(s => s.Maps.Count > 0)}");
        else if (HasRss(before) != HasRss(after))
            notes.Add($"C memory compared by mapped size, not resident size: no smaps in {Lacking(HasRss)}");
        if (before.StatusKb("Threads") is null || after.StatusKb("Threads") is null)
            notes.Add($"threads not compared: no Threads in the status of {Lacking(s => s.StatusKb("Threads") is not null)}");
        if (RssAnonBytes(before) is null || RssAnonBytes(after) is null)
            notes.Add($"anonymous RSS not compared: neither RssAnon in status nor Anonymous in smaps_rollup in {Lacking(s => RssAnonBytes(s) is not null)}");
        return notes;
    }

    private static void CompareFds(ProcSnapshot before, ProcSnapshot after, List<Finding> suspects)
    {
        var fdsBefore = CountBy(before.Fds, f => f.Kind);
        foreach (var (kind, count) in CountBy(after.Fds, f => f.Kind))
        {
            var was = fdsBefore.GetValueOrDefault(kind);
            var delta = count - was;
            if (delta >= 5 && delta >= was / 5)
                suspects.Add(Suspect(kind, Saturate(delta, 40), kind switch { "socket" => "socket-leak", "inotify" => "inotify-leak", _ => "fd-leak" },
                    $"{kind} file descriptors grew {was} -> {count} (+{delta}){GrownTargets(before, after, kind)}"));
        }
    }

    private static void CompareConnections(ProcSnapshot before, ProcSnapshot after, List<Finding> suspects)
    {
        var connectionsBefore = CountBy(before.Tcp, t => (t.State, t.Remote));
        foreach (var ((state, remote), count) in CountBy(after.Tcp, t => (t.State, t.Remote)))
        {
            if (state is "LISTEN" or "TIME_WAIT") continue;
            var was = connectionsBefore.GetValueOrDefault((state, remote));
            var delta = count - was;
            if (delta >= 5)
                suspects.Add(Suspect(remote, Saturate(delta, 40) * (state == "CLOSE_WAIT" ? 1 : 0.9), state == "CLOSE_WAIT" ? "close-wait" : "connection-leak",
                    $"TCP connections to {remote} in {state} grew {was} -> {count} (+{delta})"));
        }
    }

    private static void CompareMappings(ProcSnapshot before, ProcSnapshot after, List<Finding> suspects)
    {
        var mapsBefore = CountBy(before.Maps.Where(m => m.IsFile), m => m.Path);
        foreach (var (path, count) in CountBy(after.Maps.Where(m => m.IsFile), m => m.Path))
        {
            var delta = count - mapsBefore.GetValueOrDefault(path);
            if (delta >= 4)
                suspects.Add(Suspect(path, Saturate(delta, 16), "mmap-leak", $"{path} mappings grew {mapsBefore.GetValueOrDefault(path)} -> {count} (+{delta}): mmap without munmap"));
        }

        // C memory: the brk heap ([heap], malloc's main arena; Go never uses brk) and anonymous read-write
        // mappings outside Go's arenas (malloc's per-thread arenas, anonymous mmap). Go's own metadata there
        // grows with its heap, by a few percent of the arena growth, so only growth well beyond that counts.
        // Measured resident (smaps' Rss) when the snapshots have it: Go maps its arenas 64 MiB at a time, so
        // mapped sizes jump by 64 MiB for a few MiB of heap and hid a C leak of 15 MiB beside it.
        var resident = HasRss(before) && HasRss(after);
        var cGrowth = (long)(SizeOf(after, "c-heap", resident) + NonArenaAnonymousRw(after, resident)) - (long)(SizeOf(before, "c-heap", resident) + NonArenaAnonymousRw(before, resident));
        var arenaGrowth = (long)SizeOf(after, "go-heap", resident) - (long)SizeOf(before, "go-heap", resident);
        if (cGrowth >= 2L << 20 && cGrowth > arenaGrowth / 4)
            suspects.Add(Suspect("c", Saturate(cGrowth >> 20, 16), "c-memory",
                $"memory outside Go's heap grew by {Bytes(cGrowth)} (the C heap [heap] and anonymous mappings outside Go's arenas; Go's arenas grew {Bytes(arenaGrowth)}): C/cgo allocations not freed, or anonymous mmap"));
    }

    // For files and devices the path says which code opened them: name the paths that grew most.
    private static string GrownTargets(ProcSnapshot before, ProcSnapshot after, string kind)
    {
        if (kind is not ("file" or "deleted-file" or "device")) return "";
        var was = CountBy(before.Fds.Where(f => f.Kind == kind), f => f.Target);
        var grown = CountBy(after.Fds.Where(f => f.Kind == kind), f => f.Target)
            .Select(p => (Path: p.Key, Delta: p.Value - was.GetValueOrDefault(p.Key)))
            .Where(p => p.Delta > 0).OrderByDescending(p => p.Delta).ThenBy(p => p.Path, StringComparer.Ordinal).Take(3).ToArray();
        return grown.Length == 0 ? "" : ", most " + string.Join(", ", grown.Select(p => $"{p.Path} +{p.Delta}"));
    }

    /// <summary>
    /// go-heap: anonymous read-write mappings at Go's arena hints (0x00c0&lt;&lt;32, 0x01c0&lt;&lt;32, ... on 64-bit);
    /// c-heap: [heap] (brk); stack: [stack]; kernel: [vdso] [vvar] [vsyscall]; file; anonymous.
    /// </summary>
    public static string MappingKind(MemoryMapping m)
    {
        if (m.Path == "[heap]") return "c-heap";
        if (m.Path.StartsWith("[stack", StringComparison.Ordinal)) return "stack";
        if (m.Path is "[vdso]" or "[vvar]" or "[vsyscall]" or "[vvar_vclock]") return "kernel";
        if (m.IsFile) return "file";
        if (m.IsAnonymous && m.Perms.StartsWith("rw", StringComparison.Ordinal) && IsGoArenaAddress(m.Start)) return "go-heap";
        if (m.IsAnonymous) return "anonymous";
        return "other";
    }

    /// <summary>
    /// At or above one of Go's arena hints i&lt;&lt;40 | 0xc0&lt;&lt;32 (the heap grows up from the first one that maps,
    /// 0xc000000000 in practice), within that hint's 1 TiB. The hints from 0x70c0&lt;&lt;32 up are not counted: they
    /// lie where the kernel places mmap (malloc's thread arenas, thread stacks), which address-space
    /// randomisation moves anywhere in the TiB below 0x7fff... and further down as mappings pile up (a capture
    /// had malloc's arenas at 0x7efc84000000); Go would reach those hints only after a hundred had failed.
    /// Counting them took a C leak in malloc's arenas for Go heap.
    /// </summary>
    public static bool IsGoArenaAddress(ulong address) => (address >> 40) < 0x70 && ((address >> 32) & 0xff) >= 0xc0;

    /// <summary>
    /// Descriptors grouped by what they are open on, most first. Files by path; sockets by the remote address
    /// of their net/tcp row, leaving out listeners (no peer) and CLOSE_WAIT (already a suspect per peer at
    /// <see cref="CloseWaitThreshold"/>). Pipes, unix sockets and anonymous inodes have no shared name.
    /// </summary>
    private static List<FdTarget> FdTargets(ProcSnapshot s)
    {
        var peerOf = new Dictionary<ulong, string>();
        foreach (var t in s.Tcp)
            if (t.State is not ("LISTEN" or "CLOSE_WAIT")) peerOf.TryAdd(t.Inode, t.Remote);
        var counts = new Dictionary<(string Kind, string Target), int>();
        foreach (var fd in s.Fds)
        {
            (string Kind, string Target)? key = fd.Kind switch
            {
                "file" or "deleted-file" or "device" => (fd.Kind, fd.Target),
                "socket" when peerOf.TryGetValue(fd.Inode, out var peer) => ("peer", peer),
                _ => null,
            };
            if (key is { } k) counts[k] = counts.GetValueOrDefault(k) + 1;
        }
        return counts.Select(c => new FdTarget(c.Key.Kind, c.Key.Target, c.Value))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Target, StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyList<RepeatedMapping> RepeatedFiles(ProcSnapshot s)
    {
        // An ELF file is mapped in ~5 segments at different offsets; a file mmapped per use repeats one offset.
        return s.Maps.Where(m => m.IsFile)
            .GroupBy(m => (m.Path, m.Offset))
            .Where(g => g.Count() > 1)
            .Select(g => new RepeatedMapping(g.Key.Path, g.Count(), Sum(g)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Path, StringComparer.Ordinal)
            .ToArray();
    }

    private static ulong NonArenaAnonymousRw(ProcSnapshot s, bool resident)
    {
        ulong sum = 0;
        foreach (var m in s.Maps)
            if (m.IsAnonymous && m.Path == "" && m.Perms.StartsWith("rw", StringComparison.Ordinal) && !IsGoArenaAddress(m.Start)) sum += MappingBytes(m, resident);
        return sum;
    }

    private static ulong SizeOf(ProcSnapshot s, string kind, bool resident)
    {
        ulong sum = 0;
        foreach (var m in s.Maps) if (MappingKind(m) == kind) sum += MappingBytes(m, resident);
        return sum;
    }

    // Resident bytes (smaps' Rss) when both snapshots of a comparison have them for every mapping, so that
    // before and after are measured alike; else mapped sizes.
    private static bool HasRss(ProcSnapshot s) => s.Maps.Count > 0 && s.Maps.All(m => m.RssKb != null);

    private static ulong MappingBytes(MemoryMapping m, bool resident) => resident && m.RssKb is { } kb ? (ulong)kb * 1024 : m.Size;

    public static long? RssAnonBytes(ProcSnapshot s) =>
        s.StatusKb("RssAnon") is { } anon ? anon * 1024 : s.SmapsRollup.TryGetValue("Anonymous", out var a) ? a * 1024 : null;

    private static Dictionary<TKey, int> CountBy<T, TKey>(IEnumerable<T> items, Func<T, TKey> key) where TKey : notnull
    {
        var counts = new Dictionary<TKey, int>();
        foreach (var item in items) counts[key(item)] = counts.GetValueOrDefault(key(item)) + 1;
        return counts;
    }

    private static ulong Sum(IEnumerable<MemoryMapping> maps)
    {
        ulong sum = 0;
        foreach (var m in maps) sum += m.Size;
        return sum;
    }

    // 1 − e^(−x/scale): 0 at nothing, ~0.63 at scale, approaching 1.
    private static double Saturate(double x, double scale) => 1 - Math.Exp(-x / scale);

    private static Finding Suspect(string subject, double score, string kind, string reason) =>
        new(subject, new LeakSuspect(null, Math.Round(score, 3), reason, kind, EvidenceKind.Proc));

    public static string Bytes(long bytes) => bytes < 0 ? "-" + Bytes(-bytes) : Bytes((ulong)bytes);

    public static string Bytes(ulong bytes) => bytes switch
    {
        >= 1UL << 30 => (bytes / (double)(1UL << 30)).ToString("0.##", CultureInfo.InvariantCulture) + " GiB",
        >= 1UL << 20 => (bytes / (double)(1UL << 20)).ToString("0.##", CultureInfo.InvariantCulture) + " MiB",
        >= 1UL << 10 => (bytes / 1024.0).ToString("0.##", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes + " B",
    };
}
