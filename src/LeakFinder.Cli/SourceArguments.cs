namespace LeakFinder.Cli;

/// <summary>Reads the Go files named on a debug command's line; an unreadable one is reported and skipped.</summary>
public static class SourceArguments
{
    /// <summary>Calls each(path, bytes) for every readable file; returns BadInput when one could not be read.</summary>
    public static int ForEachReadable(IEnumerable<string> paths, Func<string, byte[], int> each)
    {
        var exit = ExitCodes.Clean;
        foreach (var path in paths)
        {
            byte[] src;
            try
            {
                src = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{path}: {e.Message}");
                exit = ExitCodes.BadInput;
                continue;
            }
            exit = Math.Max(exit, each(path, src));
        }
        return exit;
    }
}
