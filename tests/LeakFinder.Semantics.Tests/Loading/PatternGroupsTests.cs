using LeakFinder.Semantics.Loading;

namespace LeakFinder.Semantics.Tests.Loading;

public class PatternGroupsTests
{
    [Fact]
    public void DirectoriesLoadFromThemselvesAndTheRestFromTheWorkingDirectory()
    {
        var work = Directory.CreateTempSubdirectory("lf-groups-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(work, "svc"));
            Directory.CreateDirectory(Path.Combine(work, "tools", "gen"));
            var groups = PatternGroups.Split(work, ["./...", "svc", "tools/...", "net/http", "main.go", ".", "missing/..."]);
            Assert.Equal(3, groups.Count);
            Assert.Equal(work, groups[0].Dir);
            Assert.Equal(["./...", "net/http", "main.go", ".", "missing/..."], groups[0].Patterns);
            Assert.Equal(Path.Combine(work, "svc"), groups[1].Dir);
            Assert.Equal(["."], groups[1].Patterns);
            Assert.Equal(Path.Combine(work, "tools"), groups[2].Dir);
            Assert.Equal(["./..."], groups[2].Patterns);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void NamingTheWorkingDirectoryIsOneLoad()
    {
        var work = Directory.CreateTempSubdirectory("lf-groups-").FullName;
        try
        {
            var groups = PatternGroups.Split(work, [work, work + "/..."]);
            var only = Assert.Single(groups);
            Assert.Equal(work, only.Dir);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
