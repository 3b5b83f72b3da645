namespace LeakFinder.Runtime.Tests.EndToEnd;

internal static class TempDirectories
{
    /// <summary>Best-effort removal: a leftover temp directory must never fail a test.</summary>
    public static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
