namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// The evidence of every program, captured once per test run: the first test that asks builds all programs
/// and runs them all at the same time (each run is mostly waiting, so together they take about as long as
/// one), and every later test reads the same files. Runs go to one fresh directory under the system temp
/// directory, named in every failure message, and are kept for inspection.
/// </summary>
public static class EvidenceStore
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, Task<ProgramEvidence>>>> Captures = new(CaptureAllAsync);

    public static async Task<ProgramEvidence> ForAsync(string programName)
    {
        var captures = await Captures.Value;
        return await captures[LeakProgram.Named(programName).Name];
    }

    private static async Task<IReadOnlyDictionary<string, Task<ProgramEvidence>>> CaptureAllAsync()
    {
        var bin = await ProgramBuild.BinDirectoryAsync();
        var root = Directory.CreateTempSubdirectory("leakfinder-evidence-").FullName;
        return LeakProgram.All.ToDictionary(
            p => p.Name,
            p => Task.Run(() => ProgramRunner.CaptureAsync(p, ProgramBuild.BinaryOf(bin, p), Path.Combine(root, p.Name))));
    }
}
