using System.Diagnostics;

namespace LeakFinder.Fuzz.Tests;

/// <summary>
/// Runs mutated inputs through a target on every core and records what broke the contract: an exception
/// that is not a documented refusal, or an input that allocated far more than its size warrants (the
/// readers stream or cap; 64 MiB plus 64 bytes per input byte is far above any of them). Time is measured and
/// reported (the slowest input), not asserted: wall-clock budgets belong to tools/fuzz.sh, not to tests.
/// </summary>
public static class FuzzRunner
{
    public const int Seed = 20260514;
    public const long AllocationFloor = 64L << 20;
    public const long AllocationPerByte = 64;

    public sealed record Failure(long Input, string What, byte[] Data);

    public sealed record Report(string Target, long Inputs, long Refused, double Seconds, double SlowestSeconds, long SlowestInput, long MostAllocated, long PeakWorkingSet, IReadOnlyList<Failure> Failures)
    {
        public override string ToString() =>
            $"{Target}: {Inputs} inputs in {Seconds:F1} s, {Refused} refused as input errors, slowest #{SlowestInput} {SlowestSeconds * 1000:F0} ms, " +
            $"most allocated by one input {MostAllocated >> 20} MiB, process peak {PeakWorkingSet >> 20} MiB, {Failures.Count} failures" +
            string.Concat(Failures.Take(5).Select(f => $"\n  #{f.Input} ({f.Data.Length} bytes): {f.What}"));
    }

    /// <summary>Runs <paramref name="inputs"/> inputs, or until <paramref name="duration"/> passes when it is given.</summary>
    public static Report Run(FuzzTarget target, long inputs, TimeSpan? duration = null, int seed = Seed)
    {
        var failures = new List<Failure>();
        long refused = 0, done = 0, next = -1, slowestInput = -1, mostAllocated = 0;
        double slowest = 0;
        var gate = new Lock();
        var clock = Stopwatch.StartNew();
        var workers = new Thread[Environment.ProcessorCount];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = new Thread(() =>
            {
                while (true)
                {
                    var run = Interlocked.Increment(ref next);
                    var i = run * target.Batch;
                    if (duration is { } d ? clock.Elapsed >= d : i >= inputs) return;
                    var batch = new byte[target.Batch][];
                    for (var k = 0; k < batch.Length; k++) batch[k] = Mutator.Mutate(target.Seeds, new Random(InputSeed(seed, i + k)));
                    var data = batch[0];
                    var size = batch.Sum(b => (long)b.Length);
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var started = Stopwatch.GetTimestamp();
                    string? broke = null;
                    var wasRefused = false;
                    try
                    {
                        target.Read(batch);
                    }
                    catch (Exception e) when (target.IsRefusal(e))
                    {
                        wasRefused = true;
                    }
                    catch (Exception e)
                    {
                        broke = e.ToString();
                    }
                    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    if (broke == null && allocated > AllocationFloor + AllocationPerByte * size)
                        broke = $"allocated {allocated >> 20} MiB for {size} bytes of input";
                    lock (gate)
                    {
                        done += batch.Length;
                        if (wasRefused) refused++;
                        if (seconds > slowest) (slowest, slowestInput) = (seconds, i);
                        mostAllocated = Math.Max(mostAllocated, allocated);
                        if (broke != null) failures.Add(new Failure(i, broke, batch.Length == 1 ? data : [.. batch.SelectMany(b => b.Concat("\n//--- next input ---\n"u8.ToArray()))]));
                    }
                }
            }, 64 << 20); // deep nesting in mutated Go source needs the stack the CLI gives it
            workers[w].Start();
        }
        foreach (var t in workers) t.Join();
        failures.Sort((a, b) => a.Input.CompareTo(b.Input));
        using var self = Process.GetCurrentProcess();
        return new Report(target.Name, done, refused, clock.Elapsed.TotalSeconds, slowest, slowestInput, mostAllocated, self.PeakWorkingSet64, failures);
    }

    /// <summary>Input n's generator seed, the same in every process (HashCode.Combine is randomised per process,
    /// which made a failing input impossible to replay).</summary>
    private static int InputSeed(int seed, long n) => unchecked((int)(seed * 1_000_003L + n * 7_919L));
}
