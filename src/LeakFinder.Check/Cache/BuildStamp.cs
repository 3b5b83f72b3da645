using LeakFinder.Check.VetTool;

namespace LeakFinder.Check.Cache;

/// <summary>
/// The running build's id (<see cref="VetVersion.BuildId"/>, a hash of the program's files) without hashing
/// tens of megabytes on every run: the id is remembered in the cache directory under a stamp of the files'
/// paths, sizes and modification times, which any rebuild or reinstall changes.
/// </summary>
public static class BuildStamp
{
    public static string BuildId(string cacheRoot)
    {
        var stamp = new KeyHash();
        foreach (var file in VetVersion.ProgramFiles())
        {
            var info = new FileInfo(file);
            stamp.Add(info.FullName).Add(info.Length.ToString()).Add(info.LastWriteTimeUtc.Ticks.ToString());
        }
        var path = Path.Combine(cacheRoot, "build-ids", stamp.Hex());
        try
        {
            if (File.Exists(path) && File.ReadAllText(path) is { Length: 64 } remembered && remembered.All(char.IsAsciiHexDigitLower)) return remembered;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        var id = VetVersion.BuildId();
        AtomicFile.Write(path, stream => stream.Write(System.Text.Encoding.ASCII.GetBytes(id)));
        return id;
    }
}
