using LeakFinder.Analysis;
using LeakFinder.Analysis.Engine;

namespace LeakFinder.Check.Cache;

/// <summary>
/// The cache's files: one per package key, under a directory of the layout's version. A write goes to a
/// temporary file of its own renamed over the entry, so two runs writing the same key at once each leave a
/// whole entry and a reader never sees half of one. Any file that does not read back as an entry of this
/// layout is a miss. A store that cannot be written (read-only home, full disk) makes every run a cold one,
/// never a failed one. The directory is kept under <see cref="MaxBytes"/> by deleting the least recently
/// used entries (a hit refreshes its entry's time).
/// </summary>
public sealed class FindingsStore(string root, long maxBytes = FindingsStore.DefaultMaxBytes)
{
    public const long DefaultMaxBytes = 512L << 20;
    // How often a run that wrote entries looks at the total size (a walk of the whole directory).
    private static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(10);

    private readonly IReadOnlyDictionary<string, RuleDescriptor> _rules = RuleRegistry.Descriptors.ToDictionary(d => d.Id, StringComparer.Ordinal);

    public string Directory { get; } = Path.Combine(root, "findings-v1");
    public long MaxBytes { get; } = maxBytes;

    public CacheEntry? Read(string key)
    {
        var path = PathOf(key);
        try
        {
            var bytes = File.ReadAllBytes(path);
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            var entry = CacheEntry.Read(reader, key, _rules);
            if (entry != null) Touch(path);
            return entry;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Marks the entry recently used for trimming; a store we may read but not write (a CI cache restored
    // read-only) still serves its entries.
    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Stores the entry; false when the directory cannot be written (the run goes on uncached).</summary>
    public bool Write(string key, CacheEntry entry) =>
        AtomicFile.Write(PathOf(key), stream =>
        {
            using var writer = new BinaryWriter(stream);
            entry.Write(writer, key);
        });

    /// <summary>Trims the store to <see cref="MaxBytes"/> unless that was looked at a short while ago.</summary>
    public void TrimNow(bool force = false)
    {
        var stamp = Path.Combine(Directory, "last-trim");
        try
        {
            if (!force && File.Exists(stamp) && DateTime.UtcNow - File.GetLastWriteTimeUtc(stamp) < TrimInterval) return;
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllBytes(stamp, []);
            var files = new DirectoryInfo(Directory).EnumerateFiles("*", SearchOption.AllDirectories)
                .Where(f => f.Name != "last-trim").ToList();
            var total = files.Sum(f => f.Length);
            var now = DateTime.UtcNow;
            foreach (var f in files.OrderBy(f => f.LastWriteTimeUtc))
            {
                // Another run's temporary file is left alone unless it is clearly abandoned.
                if (total <= MaxBytes && !(f.Name.EndsWith(".tmp", StringComparison.Ordinal) && now - f.LastWriteTimeUtc > TimeSpan.FromHours(1))) continue;
                total -= f.Length;
                TryDelete(f.FullName);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A store we cannot list or trim is still a store; the next run tries again.
        }
    }

    // Two hex digits of fan-out keep directories small on a big monorepo.
    private string PathOf(string key) => Path.Combine(Directory, key[..2], key);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
