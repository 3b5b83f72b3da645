using System.Text;
using LeakFinder.Semantics.Build;

namespace LeakFinder.Semantics.Tests.Build;

/// <summary>Build constraint grammar and header rules, with go/build/constraint's and go/build's own test vectors.</summary>
public class ConstraintTests
{
    private static string Parsed(string line)
    {
        var x = Constraint.Parse(line, out var error);
        return x?.ToString() ?? "error: " + error;
    }

    [Theory]
    [InlineData("//go:build x", "x")]
    [InlineData("//go:build x&&y", "x && y")]
    [InlineData("//go:build x||y&&z", "x || (y && z)")]
    [InlineData("//go:build x&&y||z", "(x && y) || z")]
    [InlineData("//go:build x&&(y||z)", "x && (y || z)")]
    [InlineData("//go:build !(x&&y)", "!(x && y)")]
    [InlineData("//go:build (x)", "x")]
    [InlineData("//go:build x && y\n", "x && y")]
    [InlineData("//go:build go1.21 && !windows", "go1.21 && !windows")]
    [InlineData("//go:build\n", "error: unexpected end of expression")]
    [InlineData("//go:build x && ", "error: unexpected end of expression")]
    [InlineData("//go:build x && (", "error: missing close paren")]
    [InlineData("//go:build x && (y", "error: missing close paren")]
    [InlineData("//go:build x && ||", "error: unexpected token ||")]
    [InlineData("//go:build x && !!", "error: double negation not allowed")]
    [InlineData("//go:build x !", "error: unexpected token !")]
    [InlineData("//go:build x & y", "error: invalid syntax at &")]
    [InlineData("//go:buildx", "error: not a build constraint")]
    [InlineData(" //go:build x && y", "error: not a build constraint")]
    [InlineData("//go:build x && y\nmore", "error: not a build constraint")]
    public void GoBuildLines(string line, string expected) => Assert.Equal(expected, Parsed(line));

    [Theory]
    [InlineData("// +build x", "x")]
    [InlineData("// +build x,y", "x && y")]
    [InlineData("// +build x y", "x || y")]
    [InlineData("// +build x y,z", "x || (y && z)")]
    [InlineData("// +build x,!y !z", "(x && !y) || !z")]
    [InlineData("// +build !! x", "ignore || x")]
    [InlineData("// +build !!x", "ignore")]
    [InlineData("// +build !", "ignore")]
    [InlineData("//+build", "ignore")]
    [InlineData("// +build x y \n", "x || y")]
    [InlineData(" //+build x y", "error: not a build constraint")]
    public void PlusBuildLines(string line, string expected) => Assert.Equal(expected, Parsed(line));

    [Fact]
    public void EvaluationConsultsEveryTagAsGoDoes()
    {
        var x = Constraint.Parse("//go:build !x && yes || y", out _)!;
        var asked = new List<string>();
        Assert.True(x.Eval(t => { asked.Add(t); return t == "yes"; }));
        Assert.Equal(["x", "yes", "y"], asked);
    }

    private static bool Builds(string src, BuildContext? ctx = null) =>
        (ctx ?? BuildContext.Default).SelectFile("x.go", Encoding.UTF8.GetBytes(src)).IsIncluded;

    // go/build's shouldBuild cases (build_test.go), evaluated with the tag "yes" set.
    [Theory]
    [InlineData("// +build yes\n\npackage main\n", true)]
    [InlineData("//go:build yes\npackage main\n", true)]
    [InlineData("// +build no yes\n\npackage main\n", true)]
    [InlineData("// +build yes no\n\npackage main\n", true)]
    [InlineData("// +build no\n\npackage main\n", false)]
    [InlineData("//go:build no\npackage main\n", false)]
    [InlineData("// +build yes\n// +build no\n\npackage main\n", false)]          // lines are ANDed
    [InlineData("// +build no\n\n// +build yes\n\npackage main\n", false)]
    [InlineData("// +build no\npackage main\n", true)]                            // not followed by a blank line
    [InlineData("package main\n\n// +build no\n", true)]                          // after the package clause
    [InlineData("/* comment */\n// +build no\n\npackage main\n", true)]           // after non-// text
    [InlineData("//go:build yes\n// +build no\n\npackage main\n", true)]          // //go:build controls
    [InlineData("//go:build no\n// +build yes\n\npackage main\n", false)]
    [InlineData("/*\n//go:build no\n*/\n\npackage main\n", true)]                 // inside /* */ it is not a constraint
    [InlineData("/* c */ //go:build no\n\npackage main\n", true)]
    [InlineData("\uFEFF//go:build no\n\npackage main\n", false)]                  // a leading BOM is skipped
    public void HeaderRulesOfGoBuild(string src, bool builds) =>
        Assert.Equal(builds, Builds(src, new BuildContext(buildTags: ["yes"])));

    [Fact]
    public void MalformedHeadersAreErrorsWithTheirLine()
    {
        var twice = BuildContext.Default.SelectFile("a.go", "// c\n//go:build linux\n//go:build amd64\n\npackage p\n"u8);
        Assert.Equal("a.go:3: multiple //go:build comments", twice.Error);
        var bad = BuildContext.Default.SelectFile("dir/b.go", "//go:build (linux\n\npackage p\n"u8);
        Assert.Equal("dir/b.go:1: parsing //go:build line: missing close paren", bad.Error);
        Assert.False(bad.IsIncluded);
    }

    [Theory]
    [InlineData("file.go", true)]
    [InlineData("linux.go", true)]                    // no prefix before the suffix: not constrained
    [InlineData("file_linux.go", true)]
    [InlineData("file_linux_test.go", true)]
    [InlineData("file_linux_amd64.go", true)]
    [InlineData("file_amd64.go", true)]
    [InlineData("file_windows.go", false)]
    [InlineData("file_linux_arm64.go", false)]
    [InlineData("file_windows_amd64_test.go", false)]
    [InlineData("file_386.go", false)]
    [InlineData("file_foo_linux.go", true)]
    [InlineData("file_linux_foo.go", true)]           // last element unknown: no constraint
    [InlineData("file_wasip1.go", false)]             // known since Go 1.21
    [InlineData("file_android.go", false)]
    public void FileNameSuffixesOnLinuxAmd64(string name, bool good) => Assert.Equal(good, BuildContext.Default.GoodOSArchFile(name));

    [Fact]
    public void ImpliedTagsAndReleaseTags()
    {
        var android = new BuildContext("android", "arm64");
        Assert.True(android.MatchTag("linux"));
        Assert.True(android.MatchTag("unix"));
        Assert.True(android.GoodOSArchFile("x_linux.go"));
        Assert.False(android.CgoEnabled); // cross build: cgo off unless CGO_ENABLED says otherwise
        var ios = new BuildContext("ios", "arm64");
        Assert.True(ios.MatchTag("darwin"));
        Assert.False(new BuildContext("windows", "amd64").MatchTag("unix"));
        Assert.False(new BuildContext("plan9", "amd64").MatchTag("unix"));
        Assert.True(new BuildContext("illumos", "amd64").MatchTag("solaris"));

        var go119 = new BuildContext(release: new GoVersion(1, 19));
        Assert.True(go119.MatchTag("go1.19"));
        Assert.True(go119.MatchTag("go1.1"));
        Assert.False(go119.MatchTag("go1.20"));
        Assert.True(go119.MatchTag("gc"));
        Assert.True(go119.MatchTag("cgo"));
        Assert.True(go119.MatchTag("goexperiment.regabiargs"));
        Assert.False(new BuildContext(cgoEnabled: false).MatchTag("cgo"));
        Assert.True(new BuildContext(buildTags: ["integration"]).MatchTag("integration"));
        // Architecture feature levels (GOAMD64=v1 by default) are tags from Go 1.21 on.
        Assert.False(go119.MatchTag("amd64.v1"));
        Assert.True(new BuildContext(release: new GoVersion(1, 21)).MatchTag("amd64.v1"));
        Assert.False(new BuildContext(release: new GoVersion(1, 21)).MatchTag("amd64.v3"));
    }

    [Fact]
    public void PackageFilesSortsTestsXTestsCgoAndDocumentation()
    {
        var included = FileSelection.Included;
        var facts = new[]
        {
            new FileFacts("a_test.go", included, "p_test", false, null),
            new FileFacts("b.go", included, "p", false, null),
            new FileFacts("c.go", included, "p", true, null),
            new FileFacts("d_test.go", included, "p", false, null),
            new FileFacts("doc.go", included, "documentation", false, null),
            new FileFacts("e.go", included, "q", false, null),
            new FileFacts("f_windows.go", FileSelection.Excluded, "", false, null),
            new FileFacts("_g.go", FileSelection.Hidden, "", false, null),
        };
        var p = PackageFiles.Classify(facts, BuildContext.Default);
        Assert.Equal("p", p.Name);
        Assert.Equal(["b.go", "e.go"], p.GoFiles);
        Assert.Equal(["c.go"], p.CgoFiles);
        Assert.Equal(["d_test.go"], p.TestGoFiles);
        Assert.Equal(["a_test.go"], p.XTestGoFiles);
        Assert.Equal(["doc.go", "f_windows.go"], p.IgnoredGoFiles);
        Assert.Equal(("e.go", "found packages p (a_test.go) and q (e.go)"), Assert.Single(p.InvalidGoFiles));

        var noCgo = PackageFiles.Classify(facts, new BuildContext(cgoEnabled: false));
        Assert.Empty(noCgo.CgoFiles);
        Assert.Contains("c.go", noCgo.IgnoredGoFiles);
    }
}
