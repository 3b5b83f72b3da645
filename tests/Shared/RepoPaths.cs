using System.Reflection;

namespace LeakFinder.Tests.Shared;

/// <summary>The repository root, baked into the test assembly at build time (see Directory.Build.props).</summary>
public static class RepoPaths
{
    public static readonly string Root = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var baked = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (baked != null && File.Exists(Path.Combine(baked, "LeakFinder.slnx"))) return Path.GetFullPath(baked);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "LeakFinder.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LeakFinder.slnx not found above " + AppContext.BaseDirectory);
    }
}
