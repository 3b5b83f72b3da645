using System.Text;
using LeakFinder.Semantics.Loading;

namespace LeakFinder.Semantics.Tests.Loading;

/// <summary>LoadOptions.Overlay: an editor's unsaved buffers loaded in place of (or beside) the files on disk.</summary>
public class OverlayTests
{
    [Fact]
    public void OverlaidContentsReplaceTheFileAndNewOverlaidFilesJoinTheirPackage()
    {
        var dir = Directory.CreateTempSubdirectory("lf-overlay-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/o\n\ngo 1.21\n");
            var a = Path.Combine(dir, "a.go");
            File.WriteAllText(a, "package o\n\nfunc OnDisk() {}\n");
            var b = Path.Combine(dir, "b.go"); // never written: only the editor has it
            var overlay = new Dictionary<string, byte[]>
            {
                [a] = Encoding.UTF8.GetBytes("package o\n\nfunc InBuffer() {}\n"),
                [b] = Encoding.UTF8.GetBytes("package o\n\nfunc Unsaved() {}\n"),
            };
            var r = PackageLoader.Load(new LoadOptions { Dir = dir, Patterns = ["."], Env = ModuleLoadingTests.NoGo(), Overlay = overlay });
            Assert.Empty(r.Errors);
            var p = Assert.Single(r.Roots);
            Assert.Equal(["a.go", "b.go"], p.Files.Select(f => f.Name).ToArray());
            Assert.Contains("InBuffer", Encoding.UTF8.GetString(p.Files[0].Source));
            Assert.Contains("Unsaved", Encoding.UTF8.GetString(p.Files[1].Source));
            Assert.Equal("package o\n\nfunc OnDisk() {}\n", File.ReadAllText(a));
            Assert.False(File.Exists(b));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
