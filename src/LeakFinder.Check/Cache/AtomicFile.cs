namespace LeakFinder.Check.Cache;

/// <summary>
/// Writes a file so that readers see the old one or the whole new one, never part of it: a temporary file of
/// this process's own beside it, renamed over it. Two processes writing the same path each rename a whole file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>False when the directory cannot be written (read-only, full disk); nothing is left behind.</summary>
    public static bool Write(string path, Action<Stream> write)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = File.Create(temp))
                write(stream);
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
            return false;
        }
    }
}
