using LeakFinder.Tests.Shared;

namespace LeakFinder.Reporting.Tests;

/// <summary>
/// Byte-for-byte comparison with a checked-in expected output under Golden/. To accept a deliberate change of
/// format, run the tests with LEAKFINDER_UPDATE_GOLDEN=1: the goldens are rewritten from the actual output (and
/// the tests pass); review the diff before committing. Without the variable a golden is never written.
/// </summary>
public static class GoldenFile
{
    public const string UpdateVariable = "LEAKFINDER_UPDATE_GOLDEN";

    public static string Directory => RepoPaths.Combine("tests", "LeakFinder.Reporting.Tests", "Golden");

    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(Directory, name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"{path}: golden missing; run with {UpdateVariable}=1 to create it");
        var expected = File.ReadAllText(path);
        if (expected == actual) return;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line]) line++;
        Assert.Fail($"{path}:{line + 1}: output differs from golden\n expected: {Show(e, line)}\n   actual: {Show(a, line)}\n(set {UpdateVariable}=1 to accept)");
    }

    private static string Show(string[] lines, int i) => i < lines.Length ? lines[i].Replace("\u001b", "\\e") : "<end of output>";
}
