namespace LeakFinder.Fuzz.Tests;

/// <summary>
/// One reader under fuzzing: its seed corpus, how it reads inputs, and the exceptions that are its documented
/// refusals (exit 2 in the CLI). Any other exception is a crash. <see cref="Batch"/> inputs are read in one
/// call where one call has a large fixed cost (a check run loads a module: 50 files, one package each).
/// </summary>
public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Seeds, Action<IReadOnlyList<byte[]>> Read, Func<Exception, bool> IsRefusal, int Batch = 1)
{
    public FuzzTarget(string name, IReadOnlyList<byte[]> seeds, Action<byte[]> read, Func<Exception, bool> isRefusal)
        : this(name, seeds, inputs => read(inputs[0]), isRefusal) { }
}
