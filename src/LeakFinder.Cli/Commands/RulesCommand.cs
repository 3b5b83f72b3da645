using System.CommandLine;
using LeakFinder.Analysis.Engine;
using LeakFinder.Reporting;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder rules [--format text|json|markdown]`: every rule with its metadata, from the descriptors.</summary>
public static class RulesCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Output format: " + string.Join(", ", RuleListRenderer.Formats), DefaultValueFactory = _ => "text" };
        var command = new Command("rules", "List every rule: id, name, category, severity, since, what it finds, whether it runs by default.") { format };
        command.SetAction(parse =>
        {
            if (!RuleListRenderer.TryRender(parse.GetValue(format)!, RuleRegistry.Descriptors, Console.Out))
            {
                Console.Error.WriteLine($"leakfinder rules: unknown --format {parse.GetValue(format)} (want {string.Join(", ", RuleListRenderer.Formats)})");
                return ExitCodes.BadInput;
            }
            return ExitCodes.Clean;
        });
        return command;
    }
}
