namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// The evidence of every program, captured once per test run: the first test that asks builds all programs
/// and runs them all at the same time (each run is mostly waiting, so together they take about as long as
/// one), and every later test reads the same files. Runs go to one fresh directory under the system temp
/// directory, named in every failure message, and are kept for inspection.
/// </summary>
public static class EvidenceStore
{
    private static readonly Lazy<IReadOnlyDictionary<string, Task<ProgramEvidence>>> Captures = new(CaptureAll);

    public static async Task<ProgramEvidence> ForAsync(string programName)
    {
        return await Captures.Value[LeakProgram.Named(programName).Name];
    }

    private const string EvidencePrefix = "leakfinder-evidence-";
    private static readonly TimeSpan KeepEvidence = TimeSpan.FromDays(1);

    private static IReadOnlyDictionary<string, Task<ProgramEvidence>> CaptureAll()
    {
        RemoveOldEvidence();
        var root = Directory.CreateTempSubdirectory(EvidencePrefix).FullName;
        var running = LeakProgram.All.Count;
        async Task<ProgramEvidence> Capture(LeakProgram program)
        {
            try
            {
                var binary = await ProgramBuild.BinaryAsync(program);
                return await ProgramRunner.CaptureAsync(program, binary, Path.Combine(root, program.Name));
            }
            finally
            {
                // The executables (some 80 MB) are only needed while the programs run; the evidence (some 15 MB) stays.
                if (Interlocked.Decrement(ref running) == 0) TempDirectories.TryDelete(ProgramBuild.BinDirectory);
            }
        }
        return LeakProgram.All.ToDictionary(p => p.Name, p => Task.Run(() => Capture(p)));
    }

    // Each run keeps its evidence for inspection; runs older than a day are nobody's current evidence.
    private static void RemoveOldEvidence()
    {
        foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(EvidencePrefix + "*"))
            if (DateTime.UtcNow - directory.CreationTimeUtc > KeepEvidence) TempDirectories.TryDelete(directory.FullName);
    }

}
