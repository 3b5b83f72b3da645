using LeakFinder.Semantics.Build;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Semantics.Tests.Build;

/// <summary>
/// For every package directory of $GOROOT/src, LeakFinder selects exactly the files go/build selects
/// (tools/buildctx), list by list (go, cgo, test, xtest, ignored, invalid) and with the same package name,
/// in the default linux/amd64 context and in a cross context (windows/arm64, cgo off) with a user tag.
/// </summary>
public class GoRootFileSelectionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("linux", "amd64", "")]
    [InlineData("windows", "arm64", "")]
    [InlineData("darwin", "arm64", "netgo,osusergo")]
    public void SelectsTheSameFilesAsGoBuild(string goos, string goarch, string tags)
    {
        var src = GoToolchain.ResolveLinks(Path.Combine(GoToolchain.RequireGoRoot(), "src"));
        var exe = GoTools.Build("buildctx");
        var args = $"-goos {goos} -goarch {goarch}" + (tags.Length > 0 ? $" -tags {tags}" : "") + $" \"{src}\"";
        var expected = GoTools.Run(exe, args).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

        var context = new BuildContext(goos, goarch, release: new GoVersion(1, 19), buildTags: tags.Split(',', StringSplitOptions.RemoveEmptyEntries));
        var actual = new List<string>();
        foreach (var dir in PackageDirs(src))
            actual.AddRange(Lines(Path.GetRelativePath(src, dir).Replace('\\', '/'), Classify(dir, context)));

        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        output.WriteLine($"{goos}/{goarch} tags={tags}: {expected.Count} go/build lines, {actual.Count} ours, {missing.Count} missing, {extra.Count} extra");
        foreach (var m in missing.Take(20)) output.WriteLine("missing: " + m);
        foreach (var e in extra.Take(20)) output.WriteLine("extra:   " + e);
        Assert.True(expected.Count > 4000, "go/build listed too few files: " + expected.Count);
        Assert.Empty(missing);
        Assert.Empty(extra);
    }

    private static PackageFiles Classify(string dir, BuildContext context)
    {
        var files = Directory.GetFiles(dir).Where(f => f.EndsWith(".go", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var facts = new List<FileFacts>();
        foreach (var path in files)
        {
            var src = File.ReadAllBytes(path);
            var selection = context.SelectFile(path, src);
            if (!selection.IsIncluded)
            {
                facts.Add(new FileFacts(Path.GetFileName(path), selection, "", false, null));
                continue;
            }
            var parse = Parser.ParseFile(new FileSet(), path, src, ParserMode.ImportsOnly | ParserMode.ParseComments);
            var importsC = parse.File.Imports.Any(i => i.Path.Value == "\"C\"");
            facts.Add(new FileFacts(Path.GetFileName(path), selection, parse.File.Name.Name, importsC, parse.HasErrors ? parse.Errors[0].ToString() : null));
        }
        return PackageFiles.Classify(facts, context);
    }

    private static IEnumerable<string> Lines(string rel, PackageFiles p)
    {
        if (p.Name.Length > 0) yield return $"{rel}\tname\t{p.Name}";
        foreach (var (kind, list) in new[] { ("go", p.GoFiles), ("cgo", p.CgoFiles), ("test", p.TestGoFiles), ("xtest", p.XTestGoFiles), ("ignored", p.IgnoredGoFiles) })
            foreach (var f in list) yield return $"{rel}\t{kind}\t{f}";
        foreach (var f in p.InvalidGoFiles.Select(i => i.File).Distinct()) yield return $"{rel}\tinvalid\t{f}";
    }

    // The directories tools/buildctx visits: all but testdata and names starting with . or _.
    private static IEnumerable<string> PackageDirs(string root)
    {
        yield return root;
        var subdirs = Directory.GetDirectories(root);
        Array.Sort(subdirs, StringComparer.Ordinal);
        foreach (var sub in subdirs)
        {
            var name = Path.GetFileName(sub);
            if (name == "testdata" || name.StartsWith('.') || name.StartsWith('_')) continue;
            foreach (var d in PackageDirs(sub)) yield return d;
        }
    }
}
