namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>The programs' sources carry what the end-to-end tests rely on; no Go toolchain needed.</summary>
public sealed class ProgramSourceTests
{
    public static TheoryData<string> LeakPrograms => new(LeakProgram.All.Where(p => p.Name != "healthy").Select(p => p.Name));

    [Theory]
    [MemberData(nameof(LeakPrograms))]
    public void EveryLeakProgramMarksExactlyOneLeakingLine(string name)
    {
        var leak = LeakProgram.Named(name).LeakLine;
        var text = File.ReadAllLines(leak.File)[leak.Line - 1];
        Assert.DoesNotMatch(@"^\s*//", text); // the marker trails a statement, it is not a comment line of its own
    }

    [Fact]
    public void TheHealthyControlMarksNoLine()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LeakProgram.Named("healthy").LeakLine);
        Assert.Contains("no // LEAK marker", error.Message);
    }

    [Fact]
    public void EveryProgramDirectoryIsInTheCatalogue()
    {
        var onDisk = Directory.GetFiles(LeakProgram.ModuleDirectory, "main.go", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)).Order().ToArray();
        Assert.Equal(LeakProgram.All.Select(p => p.Name).Order().ToArray(), onDisk);
    }
}
