using System.Text.Json;

namespace LeakFinder.Check.VetTool;

/// <summary>
/// The vet.cfg that `go vet -vettool=...` writes for each package it asks the tool about (cmd/go's vetConfig,
/// unitchecker's Config): the package's files, how its imports map, where the facts of its dependencies are
/// and where this run's facts go. <see cref="PackageFile"/> names gc export data, which LeakFinder does not
/// read: dependencies are loaded from source, as `leakfinder check` loads them.
/// </summary>
public sealed record VetConfig
{
    /// <summary>The package as cmd/go names it, with the test variant it belongs to ("fmt [fmt.test]").</summary>
    public string ID { get; init; } = "";
    public string Compiler { get; init; } = "";
    public string Dir { get; init; } = "";
    public string ImportPath { get; init; } = "";
    /// <summary>Absolute paths of the Go files of the package (for cgo packages, cgo's generated files).</summary>
    public IReadOnlyList<string> GoFiles { get; init; } = [];
    public IReadOnlyList<string> NonGoFiles { get; init; } = [];
    public IReadOnlyList<string> IgnoredFiles { get; init; } = [];
    /// <summary>Import path as written in the source → the package path it denotes (vendoring, test variants).</summary>
    public IReadOnlyDictionary<string, string> ImportMap { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> PackageFile { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, bool> Standard { get; init; } = new Dictionary<string, bool>();
    /// <summary>Package path → facts file an earlier run of this tool wrote for it.</summary>
    public IReadOnlyDictionary<string, string> PackageVetx { get; init; } = new Dictionary<string, string>();
    /// <summary>The package is only a dependency of what is vetted: compute facts, report nothing.</summary>
    public bool VetxOnly { get; init; }
    /// <summary>Where to write this package's facts ("" when the caller wants none).</summary>
    public string VetxOutput { get; init; } = "";
    /// <summary>The package does not compile and the compiler will say so: a failed load is no failure of vet.</summary>
    public bool SucceedOnTypecheckFailure { get; init; }

    /// <summary>Reads a vet.cfg; throws <see cref="VetConfigException"/> saying what is wrong with it.</summary>
    public static VetConfig Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VetConfigException($"cannot read vet config {path}: {e.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses vet.cfg content as if read from <paramref name="path"/> (used in messages only).</summary>
    public static VetConfig Parse(ReadOnlySpan<byte> json, string path)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new VetConfigException($"cannot decode JSON vet config {path}: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new VetConfigException($"vet config {path}: want a JSON object, have {Describe(root.ValueKind)}");
        var reader = new FieldReader(root, path);
        var config = new VetConfig
        {
            ID = reader.String(nameof(ID)),
            Compiler = reader.String(nameof(Compiler)),
            Dir = reader.String(nameof(Dir)),
            ImportPath = reader.String(nameof(ImportPath)),
            GoFiles = reader.Strings(nameof(GoFiles)),
            NonGoFiles = reader.Strings(nameof(NonGoFiles)),
            IgnoredFiles = reader.Strings(nameof(IgnoredFiles)),
            ImportMap = reader.Map(nameof(ImportMap), JsonValueKind.String, e => e.GetString()!),
            PackageFile = reader.Map(nameof(PackageFile), JsonValueKind.String, e => e.GetString()!),
            Standard = reader.Map(nameof(Standard), JsonValueKind.True, e => e.GetBoolean()),
            PackageVetx = reader.Map(nameof(PackageVetx), JsonValueKind.String, e => e.GetString()!),
            VetxOnly = reader.Bool(nameof(VetxOnly)),
            VetxOutput = reader.String(nameof(VetxOutput)),
            SucceedOnTypecheckFailure = reader.Bool(nameof(SucceedOnTypecheckFailure)),
        };
        // As unitchecker: the go command never asks about a package without files (unsafe is not vetted).
        if (config.GoFiles.Count == 0)
            throw new VetConfigException($"vet config {path}: package {(config.ImportPath.Length > 0 ? config.ImportPath : "(no ImportPath)")} has no Go files");
        var relative = config.GoFiles.FirstOrDefault(f => !Path.IsPathRooted(f));
        if (relative != null && !Path.IsPathRooted(config.Dir))
            throw new VetConfigException($"vet config {path}: GoFiles entry {relative} is relative and Dir is not an absolute directory");
        return config;
    }

    /// <summary>
    /// The source files to load: <see cref="GoFiles"/>, made absolute against <see cref="Dir"/>. For a cgo package
    /// cmd/go lists cgo's generated files in its work directory instead of the package's own; LeakFinder reads
    /// cgo sources itself, so those give way to the package directory's .go files that cmd/go did not ignore.
    /// </summary>
    public IReadOnlyList<string> SourceFiles()
    {
        var absolute = GoFiles.Select(f => Path.GetFullPath(f, Dir.Length > 0 ? Dir : "/")).ToList();
        var dir = Dir.Length > 0 ? Path.GetFullPath(Dir) : Path.GetDirectoryName(absolute[0])!;
        var inDir = absolute.Where(f => Path.GetDirectoryName(f) == dir).ToList();
        if (inDir.Count == absolute.Count) return absolute;
        var ignored = new HashSet<string>(IgnoredFiles.Select(f => Path.GetFullPath(f, dir)), StringComparer.Ordinal);
        var tests = absolute.Any(IsTestFile);
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(dir, "*.go");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VetConfigException($"cannot list the package directory {dir}: {e.Message}");
        }
        var own = candidates.Where(f => !ignored.Contains(f) && (tests || !IsTestFile(f)));
        return inDir.Union(own, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static bool IsTestFile(string path) => path.EndsWith("_test.go", StringComparison.Ordinal);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>Typed fields of the config object; a field of the wrong type is an error, a missing one its zero value (as Go's json).</summary>
    private readonly struct FieldReader(JsonElement root, string path)
    {
        public string String(string name) =>
            Field(name, JsonValueKind.String) is { } v ? v.GetString()! : "";

        public bool Bool(string name) =>
            Field(name, JsonValueKind.True) is { } v && v.GetBoolean();

        public IReadOnlyList<string> Strings(string name)
        {
            if (Field(name, JsonValueKind.Array) is not { } array) return [];
            var list = new List<string>();
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) throw Wrong($"{name}[{list.Count}]", "a string", item.ValueKind);
                list.Add(item.GetString()!);
            }
            return list;
        }

        public IReadOnlyDictionary<string, T> Map<T>(string name, JsonValueKind kind, Func<JsonElement, T> value)
        {
            var map = new Dictionary<string, T>(StringComparer.Ordinal);
            if (Field(name, JsonValueKind.Object) is not { } obj) return map;
            foreach (var p in obj.EnumerateObject())
            {
                if (!Is(p.Value.ValueKind, kind)) throw Wrong($"{name}[{p.Name}]", Want(kind), p.Value.ValueKind);
                map[p.Name] = value(p.Value);
            }
            return map;
        }

        // Absent and null read as the zero value, as encoding/json leaves a Go field it does not see.
        private JsonElement? Field(string name, JsonValueKind kind)
        {
            if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (!Is(v.ValueKind, kind)) throw Wrong(name, Want(kind), v.ValueKind);
            return v;
        }

        private static bool Is(JsonValueKind have, JsonValueKind want) =>
            have == want || (want == JsonValueKind.True && have == JsonValueKind.False);

        private static string Want(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            _ => Describe(kind),
        };

        private VetConfigException Wrong(string field, string want, JsonValueKind have) =>
            new($"vet config {path}: {field} must be {want}, not {Describe(have)}");
    }
}

/// <summary>A vet.cfg that cannot be read or does not describe a package: exit code 2, nothing analysed.</summary>
public sealed class VetConfigException(string message) : Exception(message);
