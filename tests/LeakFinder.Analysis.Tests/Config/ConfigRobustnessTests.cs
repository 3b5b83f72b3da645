using LeakFinder.Check.Config;

namespace LeakFinder.Analysis.Tests.Config;

public class ConfigRobustnessTests
{
    private const string Valid =
        "rules:\n  enable: [LF1001, \"resource-leak\"]\n  disable:\n    - LF1004\nseverity: {LF1002: warning, timer-leak: info}\n" +
        "exclude:\n  - 'vendor/**'\n  - \"**/*_gen.go\"\nsettings:\n  LF1002:\n    helpers: [a, b]\n    depth: 3\ngo: \"1.21\"\n";

    /// <summary>
    /// Every truncation of a valid file and every single-character corruption of it either loads or fails with
    /// a ConfigException carrying a position: never another exception (YamlDotNet throws several kinds).
    /// </summary>
    [Fact]
    public void TruncatedAndCorruptedFilesFailOnlyWithConfigErrors()
    {
        var variants = new List<string>();
        for (var n = 0; n <= Valid.Length; n++) variants.Add(Valid[..n]);
        foreach (var c in "[]{}:,-'\"#&*!|>%@`\t\n")
            for (var i = 0; i < Valid.Length; i += 3)
                variants.Add(Valid[..i] + c + Valid[(i + 1)..]);
        var failed = 0;
        foreach (var text in variants)
        {
            try
            {
                LeakFinderConfig.Parse(text, "/x/.leakfinder.yml");
            }
            catch (ConfigException e)
            {
                failed++;
                Assert.All(e.Errors, err => Assert.Equal("/x/.leakfinder.yml", err.File));
            }
        }
        Assert.InRange(failed, 1, variants.Count - 1);
    }
}
