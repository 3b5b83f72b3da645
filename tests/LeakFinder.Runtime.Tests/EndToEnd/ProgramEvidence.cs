namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// Everything captured from one run of one program, as files in <see cref="Directory"/> (kept after the run,
/// so a failing assertion can name the file to look at). "Early" is taken <see cref="ProgramRunner.Early"/>
/// after the program said ready, "late" at <see cref="ProgramRunner.Late"/>; the SIGQUIT dump ends the run.
/// </summary>
public sealed record ProgramEvidence(LeakProgram Program, string Directory, int ProcessId)
{
    public string GoroutineDebug1(Moment at) => At("goroutine-debug1", at, ".txt");
    public string GoroutineDebug2(Moment at) => At("goroutine-debug2", at, ".txt");
    public string Heap(Moment at) => At("heap", at, ".pb.gz");
    public string Proc(Moment at) => At("proc", at, "");

    /// <summary>The SIGQUIT traceback of every goroutine, from the "SIGQUIT: quit" line to the end of stderr.</summary>
    public string GoroutineSigquit => Path.Combine(Directory, "goroutine-sigquit.txt");

    /// <summary>stderr up to the SIGQUIT: GODEBUG=gctrace=1 lines, with whatever else the program logged.</summary>
    public string GcTrace => Path.Combine(Directory, "gctrace.log");

    /// <summary>The file of one of the five goroutine dumps a run captures.</summary>
    public string Dump(DumpSource source) => source switch
    {
        DumpSource.Debug1Early => GoroutineDebug1(Moment.Early),
        DumpSource.Debug1Late => GoroutineDebug1(Moment.Late),
        DumpSource.Debug2Early => GoroutineDebug2(Moment.Early),
        DumpSource.Debug2Late => GoroutineDebug2(Moment.Late),
        DumpSource.Sigquit => GoroutineSigquit,
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    public string Stdout => Path.Combine(Directory, "stdout.log");

    private string At(string kind, Moment at, string extension) =>
        Path.Combine(Directory, $"{kind}-{at.ToString().ToLowerInvariant()}{extension}");

    public override string ToString() => $"{Program.Name} evidence in {Directory}";
}

public enum Moment { Early, Late }

/// <summary>The goroutine dumps of a run: ?debug=1 and ?debug=2 at both moments, and the SIGQUIT traceback at the end.</summary>
public enum DumpSource { Debug1Early, Debug1Late, Debug2Early, Debug2Late, Sigquit }
