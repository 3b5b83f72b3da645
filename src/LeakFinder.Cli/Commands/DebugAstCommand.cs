using System.CommandLine;
using LeakFinder.Semantics;
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
        // The dump recurses as deep as the tree; a deeply nested (but parseable) file needs more than the
        // main thread's stack.
        command.SetAction(parse => DeepStack.Run(() => Run(parse.GetValue(files)!)));
        return command;
    }

    private static int Run(string[] paths)
    {
        using var stdout = Console.OpenStandardOutput();
        return SourceArguments.ForEachReadable(paths, (path, src) =>
        {
            var result = Parser.ParseFile(new FileSet(), path, src, ParserMode.ParseComments);
            foreach (var error in result.Errors) Console.Error.WriteLine(error);
            AstDumper.Dump(result.TokenFile, result.File, stdout);
            return result.HasErrors ? ExitCodes.BadInput : ExitCodes.Clean;
        });
    }
}
