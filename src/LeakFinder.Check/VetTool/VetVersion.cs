using System.Reflection;
using System.Security.Cryptography;

namespace LeakFinder.Check.VetTool;

/// <summary>
/// The `-V=full` line. cmd/go (work.Builder.toolID) splits it into fields and requires "NAME version
/// VERSION ..."; for a "devel" version the last field must be "buildID=ID", and that ID keys its cache of
/// the tool's facts files. So the ID is a hash of the code that runs: the native executable, or under the
/// JIT the assemblies beside the entry one (the `dotnet` host that runs them is left out). A rebuilt
/// LeakFinder gets a new ID and cmd/go reruns it instead of reusing facts an older build wrote.
/// </summary>
public static class VetVersion
{
    public static string Line(string programName = "leakfinder")
    {
        var version = typeof(VetVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return $"{programName} version devel leakfinder-{Field(version)} buildID={BuildId()}";
    }

    /// <summary>Hex SHA-256 over the files that make up the running program, in a fixed order.</summary>
    public static string BuildId()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in ProgramFiles())
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            using var stream = File.OpenRead(file);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) sha.AppendData(buffer, 0, n);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    internal static IEnumerable<string> ProgramFiles()
    {
        var files = new List<string>();
        var process = Environment.ProcessPath;
        if (process != null && !IsDotnetHost(process) && File.Exists(process)) files.Add(process);
        var baseDir = AppContext.BaseDirectory;
        if (Directory.Exists(baseDir))
            files.AddRange(Directory.GetFiles(baseDir, "*.dll").Order(StringComparer.Ordinal));
        return files.Distinct(StringComparer.Ordinal);
    }

    private static bool IsDotnetHost(string path) =>
        Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);

    // cmd/go splits the line on white space: a version with a space in it would shift the fields.
    private static string Field(string s) => string.Concat(s.Select(c => char.IsWhiteSpace(c) ? '_' : c));
}
