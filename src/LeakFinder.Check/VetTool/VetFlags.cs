using System.Text;
using System.Text.Json;
using LeakFinder.Analysis;

namespace LeakFinder.Check.VetTool;

/// <summary>One flag of the vet-tool mode as `-flags` describes it to cmd/go (unitchecker's jsonFlag).</summary>
public sealed record VetFlag(string Name, bool IsBool, string Usage);

/// <summary>
/// The flags `go vet -vettool=leakfinder` accepts and forwards: -json and -c as unitchecker has them, rule
/// selection (-enable, -disable, and one boolean flag per rule id, as multichecker has one per analyzer) and
/// -all-contexts as `check` has it. cmd/go learns them from `leakfinder -flags` and forwards only those.
/// </summary>
public static class VetFlags
{
    public const string Json = "json";
    public const string Context = "c";
    public const string Enable = "enable";
    public const string Disable = "disable";
    public const string AllContexts = "all-contexts";

    public static IReadOnlyList<VetFlag> All(IReadOnlyList<RuleDescriptor> rules) =>
    [
        new(Json, true, "emit JSON output (unitchecker's format: package ID → rule id → diagnostics); exit status 0"),
        new(Context, false, "display offending line with this many lines of context"),
        new(Enable, false, "comma-separated rules to run besides the configured ones (ids, names, categories)"),
        new(Disable, false, "comma-separated rules not to run (ids, names, categories, all); -enable wins over it"),
        new(AllContexts, true, "also report resource, timer and context leaks in command and test code"),
        .. rules.Select(r => new VetFlag(r.Id, true, $"enable {r.Id} {r.Name}: {r.Title} (any -ID=true runs only the rules named so; -ID=false leaves that rule out)")),
    ];

    /// <summary>The JSON array `-flags` prints: [{"Name", "Bool", "Usage"}], as cmd/go's vetFlags reads it.</summary>
    public static string Describe(IReadOnlyList<RuleDescriptor> rules)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var f in All(rules))
            {
                w.WriteStartObject();
                w.WriteString("Name", f.Name);
                w.WriteBoolean("Bool", f.IsBool);
                w.WriteString("Usage", f.Usage);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>`leakfinder help`: how to run it under go vet, and every flag.</summary>
    public static string Help(IReadOnlyList<RuleDescriptor> rules)
    {
        var b = new StringBuilder();
        b.Append("leakfinder as a go vet tool finds goroutine, resource and other leaks package by package:\n\n");
        b.Append("\tgo vet -vettool=$(command -v leakfinder) [flags] [packages]\n\n");
        b.Append("Flags (rules by id: `leakfinder rules` describes them):\n");
        foreach (var f in All(rules))
            b.Append($"  -{f.Name}{(f.IsBool ? "" : " value")}\n    \t{f.Usage}\n");
        return b.ToString();
    }
}
