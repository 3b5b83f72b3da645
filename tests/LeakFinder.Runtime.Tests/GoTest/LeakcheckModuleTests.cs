using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.GoTest;

/// <summary>
/// The Go helper (go/leakcheck) passes its own Go tests and go vet under the real go command, so the suite
/// that guards `leakfinder test` also guards the marker format the collector reads. Skips without Go.
/// </summary>
public class LeakcheckModuleTests
{
    [Fact]
    public void TheHelpersGoTestsAndVetPass()
    {
        var go = GoToolchain.Require();
        var dir = RepoPaths.Combine("go", "leakcheck");
        var env = new Dictionary<string, string> { ["GOPROXY"] = "off", ["GOFLAGS"] = "", ["GOWORK"] = "off" };
        GoToolchain.Run(go, "vet ./...", dir, env);
        var output = GoToolchain.Run(go, "test -count=1 ./...", dir, env);
        Assert.StartsWith("ok  \tleakfinder.dev/leakcheck", output);
    }

    [Fact]
    public void TheCollectorsMarkersAreTheHelpers()
    {
        var doc = File.ReadAllText(RepoPaths.Combine("go", "leakcheck", "doc.go"));
        Assert.Contains($"BeginMarker = \"{Runtime.GoTest.GoTestCollector.BeginMarker}\"", doc);
        Assert.Contains($"EndMarker   = \"{Runtime.GoTest.GoTestCollector.EndMarker}\"", doc);
        Assert.Contains($"HeapMarker = \"{Runtime.GoTest.GoTestCollector.HeapMarker}\"", doc);
    }
}
