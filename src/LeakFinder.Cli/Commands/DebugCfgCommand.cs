using System.CommandLine;
using LeakFinder.Semantics;
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
        // The graph builder recurses into nested statements: a deep stack, as for debug ast.
        command.SetAction(parse => DeepStack.Run(() => SourceArguments.ForEachReadable(parse.GetValue(files)!, (path, src) =>
        {
            var (graphs, errors) = CfgDumper.Graphs(path, src);
            foreach (var error in errors) Console.Error.WriteLine(error);
            foreach (var g in graphs) Console.Out.Write(g.ToString());
            return errors.Count > 0 ? ExitCodes.BadInput : ExitCodes.Clean;
        })));
        return command;
    }
}
