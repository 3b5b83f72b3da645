using System.Text;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// The capture harness itself: every program builds, says ready, and leaves every kind of evidence in the
/// form the Go runtime writes it; and no run leaves its process behind.
/// </summary>
public sealed class EvidenceCaptureTests
{
    public static TheoryData<string> Programs => new(LeakProgram.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task GoroutineDumpsAreCapturedInAllThreeFormats(string name)
    {
        var evidence = await Evidence.Of(name);
        foreach (var moment in new[] { Moment.Early, Moment.Late })
        {
            Assert.StartsWith("goroutine profile: total ", Head(evidence.GoroutineDebug1(moment)));
            var debug2 = File.ReadAllText(evidence.GoroutineDebug2(moment));
            Assert.StartsWith("goroutine ", debug2); // the one serving the request, [running]
            Assert.Contains("\n\ngoroutine 1 [", debug2);
        }
        var sigquit = File.ReadAllText(evidence.GoroutineSigquit);
        Assert.StartsWith("SIGQUIT: quit", sigquit);
        Assert.Contains("\ngoroutine 1 [", sigquit);
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task HeapProfilesProcSnapshotsAndGctraceAreCaptured(string name)
    {
        var evidence = await Evidence.Of(name);
        foreach (var moment in new[] { Moment.Early, Moment.Late })
        {
            var heap = File.ReadAllBytes(evidence.Heap(moment));
            Assert.True(heap.Length > 2 && heap[0] == 0x1f && heap[1] == 0x8b, $"{evidence.Heap(moment)} is not gzip");
            var proc = evidence.Proc(moment);
            Assert.Contains("VmRSS:", File.ReadAllText(Path.Combine(proc, "status")));
            Assert.Contains("/" + name + "\n", File.ReadAllText(Path.Combine(proc, "maps"))); // the executable's own mappings
            Assert.Contains(Directory.GetFileSystemEntries(Path.Combine(proc, "fd")),
                fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:[", StringComparison.Ordinal) == true); // the pprof listener
            Assert.StartsWith("  sl  local_address", File.ReadAllText(Path.Combine(proc, "net", "tcp")));
        }
        var gcLines = File.ReadAllLines(evidence.GcTrace).Count(l => l.StartsWith("gc ", StringComparison.Ordinal));
        Assert.True(gcLines >= 5, $"{evidence.GcTrace}: only {gcLines} gctrace lines; the churn should collect several times a second");
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task ARunLeavesNoProcessBehind(string name)
    {
        var evidence = await Evidence.Of(name);
        Assert.False(Directory.Exists($"/proc/{evidence.ProcessId}") && IsSameProgram(evidence), $"{name} (pid {evidence.ProcessId}) still runs");
    }

    // A recycled pid belongs to some other process: only ours counts as an orphan.
    private static bool IsSameProgram(ProgramEvidence evidence)
    {
        try { return File.ReadAllText($"/proc/{evidence.ProcessId}/cmdline").Contains(evidence.Program.Name, StringComparison.Ordinal); }
        catch (IOException) { return false; }
    }

    private static string Head(string file)
    {
        using var reader = new StreamReader(file, Encoding.UTF8);
        return reader.ReadLine() ?? "";
    }
}
