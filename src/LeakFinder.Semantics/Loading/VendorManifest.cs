namespace LeakFinder.Semantics.Loading;

/// <summary>
/// vendor/modules.txt: which module (and version, and replacement) each vendored package comes from.
/// `# path version [=> new [version]]` starts a module, `## explicit; go 1.N` annotates it, and the
/// plain lines after it are its vendored packages.
/// </summary>
public sealed class VendorManifest
{
    public sealed record Module(ModuleVersion Version, string? Replacement, GoVersion? Go, List<string> Packages);

    public List<Module> Modules { get; } = [];
    private readonly Dictionary<string, Module> _byPackage = new(StringComparer.Ordinal);

    public Module? ModuleOf(string importPath) => _byPackage.GetValueOrDefault(importPath);

    public static VendorManifest Read(string path)
    {
        var m = new VendorManifest();
        Module? current = null;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lines = []; // vendor mode with an unreadable manifest: vendored packages still load, without module info
        }
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (current == null) continue;
                foreach (var part in line[3..].Split(';'))
                {
                    var p = part.Trim();
                    if (p.StartsWith("go ", StringComparison.Ordinal) && GoVersion.Parse(p[3..]) is { } v)
                        m.Modules[^1] = current = current with { Go = v };
                }
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                var words = line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0) continue;
                var arrow = Array.IndexOf(words, "=>");
                var version = arrow == 2 || (arrow < 0 && words.Length > 1) ? words[1] : "";
                var replacement = arrow >= 0 && arrow + 1 < words.Length ? string.Join(' ', words[(arrow + 1)..]) : null;
                current = new Module(new ModuleVersion(words[0], version), replacement, null, []);
                m.Modules.Add(current);
            }
            else if (line.Length > 0 && !line.StartsWith('#') && current != null)
            {
                current.Packages.Add(line);
                m._byPackage[line] = current;
            }
        }
        return m;
    }
}
