namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>Theory data: the five dumps of a run, and the pairs a dump diff compares.</summary>
public static class DumpSources
{
    public static TheoryData<DumpSource> All => new(Enum.GetValues<DumpSource>());

    /// <summary>Early against late in each HTTP form, and across forms (debug=1 early, debug=2 late).</summary>
    public static TheoryData<DumpSource, DumpSource> GrowthPairs => new()
    {
        { DumpSource.Debug1Early, DumpSource.Debug1Late },
        { DumpSource.Debug2Early, DumpSource.Debug2Late },
        { DumpSource.Debug1Early, DumpSource.Debug2Late },
    };
}
