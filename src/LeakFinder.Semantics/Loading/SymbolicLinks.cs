namespace LeakFinder.Semantics.Loading;

/// <summary>Where a path really is, every symbolic link along it resolved (realpath(3)), and whether it lies within a directory.</summary>
public static class SymbolicLinks
{
    private const int MaxLinks = 40; // Linux's limit (MAXSYMLINKS): a loop ends here

    /// <summary>The absolute path with each symbolic link on the way (directories and the last name) resolved; a
    /// component that does not exist, or a loop, ends the resolution with the rest appended as written.</summary>
    public static string RealPath(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            string? target;
            try { target = new FileInfo(next).LinkTarget; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { target = null; }
            if (target == null || ++links > MaxLinks)
            {
                current = next;
                continue;
            }
            // A relative target is relative to the link's directory; the target may hold links of its own.
            current = Resolve(Path.GetFullPath(target, current), ref links);
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or below it (both already real paths).</summary>
    public static bool IsWithin(string path, string directory)
    {
        var dir = directory.TrimEnd(Path.DirectorySeparatorChar);
        return path == dir || path.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal) || dir.Length == 0;
    }
}
