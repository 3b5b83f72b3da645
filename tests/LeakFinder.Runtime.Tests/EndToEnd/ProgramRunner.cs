using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LeakFinder.Runtime.Tests.EndToEnd;

/// <summary>
/// Runs one built program and captures its evidence: goroutine dumps (?debug=1 and ?debug=2) and a heap
/// profile over HTTP plus a /proc snapshot, early and late; then SIGQUIT for the runtime's own traceback
/// of all goroutines (which ends the process), with GODEBUG=gctrace=1 on stderr throughout.
/// Every wait is bounded, and the process is killed on every path out, so no run leaves an orphan; the
/// program also exits by itself when our stdin pipe closes or after <see cref="MaxLifetime"/>.
/// </summary>
public static class ProgramRunner
{
    public static readonly TimeSpan Early = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Late = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromSeconds(90);
    private const string SigquitBanner = "SIGQUIT: quit";
    private const int Sigquit = 3;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public static async Task<ProgramEvidence> CaptureAsync(LeakProgram program, string binary, string directory)
    {
        Directory.CreateDirectory(directory);
        var scratch = Directory.CreateDirectory(Path.Combine(directory, "tmp")).FullName;
        using var process = Process.Start(StartInfo(binary, directory, scratch))
            ?? throw new InvalidOperationException("could not start " + binary);
        var evidence = new ProgramEvidence(program, directory, process.Id);
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var address = await WaitForReadyAsync(process, evidence, stderr);
            var clock = Stopwatch.StartNew();
            foreach (var moment in new[] { Moment.Early, Moment.Late })
            {
                var due = moment == Moment.Early ? Early : Late;
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                await SnapshotAsync(process.Id, address, evidence, moment);
            }
            if (kill(process.Id, Sigquit) != 0) throw new InvalidOperationException($"kill -QUIT {process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
            using (var exit = new CancellationTokenSource(ExitTimeout))
            {
                try { await process.WaitForExitAsync(exit.Token); }
                catch (OperationCanceledException) { throw new TimeoutException($"{program.Name} did not exit within {ExitTimeout.TotalSeconds}s of SIGQUIT"); }
            }
            SplitStderr(await stderr.WaitAsync(ExitTimeout), evidence);
            return evidence;
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            TempDirectories.TryDelete(scratch);
        }
    }

    private static ProcessStartInfo StartInfo(string binary, string directory, string scratch)
    {
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        // Runs must not depend on the caller's Go tuning.
        foreach (var inherited in new[] { "GOGC", "GOMEMLIMIT", "GOMAXPROCS", "GOTRACEBACK" }) psi.Environment.Remove(inherited);
        psi.Environment["GODEBUG"] = "gctrace=1";
        psi.Environment["LEAKFINDER_PPROF_ADDR"] = "127.0.0.1:0";
        psi.Environment["LEAKFINDER_EXIT_ON_STDIN_EOF"] = "1";
        psi.Environment["LEAKFINDER_MAX_SECONDS"] = ((int)MaxLifetime.TotalSeconds).ToString();
        psi.Environment["TMPDIR"] = scratch; // the files the mmap programs map
        return psi;
    }

    /// <summary>Reads stdout up to "ready ADDR" and returns ADDR; fails with what the program said on timeout or exit.</summary>
    private static async Task<string> WaitForReadyAsync(Process process, ProgramEvidence evidence, Task<string> stderr)
    {
        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                if (line.StartsWith("ready ", StringComparison.Ordinal)) return line["ready ".Length..].Trim();
            }
        }
        catch (OperationCanceledException) { }
        finally { File.WriteAllLines(evidence.Stdout, seen); }
        // A program that died before ready (a panic, a failed listen) has said why on stderr.
        var said = process.HasExited && await Task.WhenAny(stderr, Task.Delay(TimeSpan.FromSeconds(2))) == stderr ? stderr.Result : "";
        throw new InvalidOperationException($"{evidence.Program.Name} did not print \"ready ADDR\" within {ReadyTimeout.TotalSeconds}s; " +
            $"stdout: {string.Join(" | ", seen)}; stderr: {said[..Math.Min(said.Length, 2000)]}");
    }

    private static async Task SnapshotAsync(int pid, string address, ProgramEvidence evidence, Moment moment)
    {
        // gc=1: collect first, so the in-use figures are those of this moment, not of the last cycle.
        await FetchAsync(address, "heap?gc=1", evidence.Heap(moment));
        await FetchAsync(address, "goroutine?debug=1", evidence.GoroutineDebug1(moment));
        await FetchAsync(address, "goroutine?debug=2", evidence.GoroutineDebug2(moment));
        // After the fetches, so both snapshots hold our one kept-alive pprof connection: the harness must
        // not look like a socket leak between early and late.
        ProcCopy.Capture(pid, evidence.Proc(moment));
    }

    private static async Task FetchAsync(string address, string profile, string file)
    {
        var bytes = await Http.GetByteArrayAsync($"http://{address}/debug/pprof/{profile}");
        await File.WriteAllBytesAsync(file, bytes);
    }

    private static void SplitStderr(string stderr, ProgramEvidence evidence)
    {
        var banner = stderr.IndexOf(SigquitBanner, StringComparison.Ordinal);
        if (banner < 0) throw new InvalidOperationException($"{evidence.Program.Name}: no \"{SigquitBanner}\" on stderr after SIGQUIT");
        File.WriteAllText(evidence.GcTrace, stderr[..banner]);
        File.WriteAllText(evidence.GoroutineSigquit, stderr[banner..]);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
