using System.CommandLine;
using LeakFinder.Semantics.Cfg;

namespace LeakFinder.Cli.Commands;

/// <summary>
/// `leakfinder debug cfg FILE...`: each function body's control-flow graph (docs/cfg-dump.md). A file that does
/// not parse gets its errors on stderr as `file:line:col: message` and exit code 2.
/// </summary>
public static class DebugCfgCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Go source files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("cfg", "Print the control-flow graph of every function in Go source files (docs/cfg-dump.md).") { files };
        command.SetAction(parse =>
        {
            var exit = ExitCodes.Clean;
            foreach (var path in parse.GetValue(files)!)
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
                var (graphs, errors) = CfgDumper.Graphs(path, src);
                foreach (var error in errors) Console.Error.WriteLine(error);
                if (errors.Count > 0) exit = ExitCodes.BadInput;
                foreach (var g in graphs) Console.Out.Write(g.ToString());
            }
            return exit;
        });
        return command;
    }
}
