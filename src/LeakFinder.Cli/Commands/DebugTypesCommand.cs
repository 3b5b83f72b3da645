using System.CommandLine;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Loading;
using LeakFinder.Semantics.StdApi;

namespace LeakFinder.Cli.Commands;

/// <summary>
/// `leakfinder debug types FILE|DIR|PATTERN...`: every identifier's object kind and type (docs/types-dump.md).
/// std comes from the embedded API model, or from $GOROOT/src with --std-source (as go/types' source importer).
/// </summary>
public static class DebugTypesCommand
{
    public static Command Create()
    {
        var patterns = new Argument<string[]>("PATTERN") { Description = "Go files, directories or package patterns (./...)", Arity = ArgumentArity.OneOrMore };
        var stdSource = new Option<bool>("--std-source") { Description = "Type-check std imports from $GOROOT/src instead of the embedded API model" };
        var tests = new Option<bool>("--test") { Description = "Include _test.go files and external test packages" };
        var command = new Command("types", "Print the object and type of every identifier (docs/types-dump.md).") { patterns, stdSource, tests };
        command.SetAction(parse =>
        {
            var load = PackageLoader.Load(new LoadOptions
            {
                Dir = Directory.GetCurrentDirectory(),
                Patterns = parse.GetValue(patterns)!,
                StdFromSource = parse.GetValue(stdSource),
                Tests = parse.GetValue(tests),
            });
            foreach (var error in load.Errors) Console.Error.WriteLine(error);
            foreach (var p in load.Packages.Where(p => p.IsRoot))
                foreach (var error in p.Errors) Console.Error.WriteLine(error);
            var version = LanguageVersion.ForLoad(load.Roots) ?? GoVersion.Latest;
            var program = ProgramChecker.Check(load, StdApiModel.DefaultFor(version));
            using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            foreach (var line in TypesDumper.Dump(load, program)) stdout.WriteLine(line);
            return load.Errors.Count > 0 || load.Roots.Any(r => r.Errors.Count > 0) ? ExitCodes.BadInput : ExitCodes.Clean;
        });
        return command;
    }
}
