using LeakFinder.Check;
using LeakFinder.Check.Pipeline;

namespace LeakFinder.Analysis.Tests.Examples;

/// <summary>
/// `check` reads no file that a symbolic link places outside the module root unless --follow-symlinks asks
/// (issue 14): a link in a checked-out tree must not make a CI scan read, and echo, files elsewhere on the
/// machine. Real links in a temporary directory; the file outside does not parse, so reading it shows.
/// </summary>
public sealed class SymlinkTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lf-symlinks-").FullName;
    private readonly string _module;
    private readonly string _outside;

    public SymlinkTests()
    {
        _module = Path.Combine(_root, "module");
        _outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(Path.Combine(_module, "p"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_module, "go.mod"), "module example.com/m\n\ngo 1.22\n");
        File.WriteAllText(Path.Combine(_module, "p", "ok.go"), "package p\n\nfunc OK() {}\n");
        File.WriteAllText(Path.Combine(_outside, "secret.go"), "package p\n\nfunc (\n");
        File.CreateSymbolicLink(Path.Combine(_module, "p", "linked.go"), Path.Combine(_outside, "secret.go"));
        // A link that stays inside the module is an ordinary file of it.
        File.WriteAllText(Path.Combine(_module, "shared.go.txt"), "package p\n\nfunc Shared() {}\n");
        File.CreateSymbolicLink(Path.Combine(_module, "p", "shared.go"), Path.Combine("..", "shared.go.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_module, "elsewhere"), _outside);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }

    private CheckResult Check(bool follow, params string[] patterns) =>
        CheckRunner.Run(new CheckOptions { WorkDir = _module, Patterns = patterns, FollowSymlinks = follow });

    [Fact]
    public void AFileLinkedFromOutsideTheModuleIsSkippedWithAWarning()
    {
        var result = Check(follow: false, "./...");
        Assert.Empty(result.Errors); // secret.go was never parsed
        Assert.Equal(2, result.Stats.Files); // ok.go and the in-module link shared.go
        var warning = Assert.Single(result.Warnings);
        Assert.Equal($"{Path.Combine(_module, "p", "linked.go")}: a symbolic link leads outside the module root {_module} (to {Path.Combine(_outside, "secret.go")}): not read; --follow-symlinks reads it", warning);
    }

    [Fact]
    public void FollowSymlinksReadsIt()
    {
        var result = Check(follow: true, "./...");
        Assert.Empty(result.Warnings);
        Assert.Contains(result.Errors, e => e.File.EndsWith("linked.go", StringComparison.Ordinal));
    }

    [Fact]
    public void ADirectoryLinkedFromOutsideIsNotReadEvenWhenNamed()
    {
        var result = Check(follow: false, "./elsewhere");
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("expected", StringComparison.Ordinal)); // no parse of secret.go
        Assert.Contains(result.Warnings, w => w.StartsWith(Path.Combine(_module, "elsewhere", "secret.go") + ": a symbolic link leads outside", StringComparison.Ordinal));
    }
}
