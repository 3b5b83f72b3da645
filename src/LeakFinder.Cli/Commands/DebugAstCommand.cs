using System.CommandLine;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Dump;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Cli.Commands;

/// <summary>
/// `leakfinder debug ast FILE...`: the canonical AST dump (docs/ast-dump.md) of each file. Syntax errors go to
/// stderr as `file:line:col: message` and make the exit code 2; the (partial) dump is printed anyway.
/// </summary>
public static class DebugAstCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Go source files", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ast", "Print the AST of Go source files in the canonical dump format (docs/ast-dump.md).") { files };
        command.SetAction(parse =>
        {
            // The dump recurses as deep as the tree; a deeply nested (but parseable) file needs more than the
            // main thread's stack.
            var exit = ExitCodes.Clean;
            var worker = new Thread(() => exit = Run(parse.GetValue(files)!), DeepStackBytes);
            worker.Start();
            worker.Join();
            return exit;
        });
        return command;
    }

    private const int DeepStackBytes = 1024 * 1024 * 1024;

    private static int Run(string[] paths)
    {
        var exit = ExitCodes.Clean;
        using var stdout = Console.OpenStandardOutput();
        foreach (var path in paths)
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
            var fset = new FileSet();
            var result = Parser.ParseFile(fset, path, src, ParserMode.ParseComments);
            foreach (var error in result.Errors) Console.Error.WriteLine(error);
            if (result.HasErrors) exit = ExitCodes.BadInput;
            AstDumper.Dump(result.TokenFile, result.File, stdout);
        }
        return exit;
    }
}
