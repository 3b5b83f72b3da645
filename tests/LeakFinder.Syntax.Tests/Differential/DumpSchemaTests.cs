using System.Runtime.CompilerServices;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Dump;

namespace LeakFinder.Syntax.Tests.Differential;

/// <summary>
/// The C# dumper prints exactly go/ast's field set: for every node type, the same fields in the same
/// order with the same kinds as `tools/astdump -schema` (reflection over Go 1.19's go/ast), and the same
/// leaf types. A field forgotten on either side fails here, before any corpus comparison.
/// </summary>
public sealed class DumpSchemaTests
{
    [Fact]
    public void EveryNodeTypePrintsGoAstsFieldsInGoAstsOrder()
    {
        var goSchema = GoSchema();
        var ours = typeof(Node).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Node)) && !t.IsAbstract && t.IsPublic)
            .ToDictionary(t => t.Name);

        var problems = new List<string>();
        foreach (var (name, (leaf, fields)) in goSchema)
        {
            if (!ours.TryGetValue(name, out var type))
            {
                problems.Add($"{name}: go/ast node type missing from LeakFinder.Syntax.Ast");
                continue;
            }
            var printed = string.Join(' ', AstDumper.Schema(type).Select(f => f.Name + ":" + f.Kind));
            if (printed != fields) problems.Add($"{name}: go/ast fields [{fields}], AstDumper prints [{printed}]");
            var scalarsOnly = AstDumper.Schema(type).All(f => f.Kind is not ("node" or "list" or "reflist"));
            var printedInline = AstDumper.IsLeaf((Node)RuntimeHelpers.GetUninitializedObject(type));
            if (scalarsOnly != leaf || printedInline != leaf)
                problems.Add($"{name}: leaf={leaf} in go/ast; AstDumper: only scalar fields={scalarsOnly}, printed inline={printedInline}");
        }
        foreach (var name in ours.Keys.Where(n => !goSchema.ContainsKey(n)))
            problems.Add($"{name}: LeakFinder node type that go/ast 1.19 does not have (the dump format has no place for it)");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static Dictionary<string, (bool Leaf, string Fields)> GoSchema()
    {
        var schema = new Dictionary<string, (bool, string)>();
        foreach (var line in GoToolchainOutput("-schema").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 3);
            schema[parts[0]] = (parts[1] == "leaf", parts.Length > 2 ? parts[2] : "");
        }
        Assert.True(schema.Count > 50, "astdump -schema printed too few node types:\n" + string.Join('\n', schema.Keys));
        return schema;
    }

    private static string GoToolchainOutput(string args) => LeakFinder.Tests.Shared.GoToolchain.Run(ReferenceTool.AstDump(), args);
}
