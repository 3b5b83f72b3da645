using System.CommandLine;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Proc;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder proc PID|DIR`: memory, mappings, descriptors, sockets and cgroup of a process, live or captured.</summary>
public static class ProcCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("PID|DIR") { Description = "a live process id, or a directory laid out like /proc/PID" };
        var before = new Option<string?>("--before") { Description = "an earlier capture (PID dir) of the same process: also report what grew" };
        var heap = new Option<string?>("--heap") { Description = "heap profile of the process (file, - or URL such as http://127.0.0.1:6060/debug/pprof/heap): set RSS against the Go heap" };
        var memstats = new Option<string?>("--memstats") { Description = "expvar /debug/vars (or runtime.MemStats) JSON of the process: a file or URL such as http://127.0.0.1:6060/debug/vars" };
        var timeout = TimeoutOption.Create();
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("proc", "Memory (RSS, mappings by kind, Go heap vs RSS), fds by type, TCP states and the memory cgroup of a process.")
        {
            target, before, heap, memstats, format, timeout,
        };
        var limits = LimitOptions.AddTo(command, InputLimits.DefaultWholeBytes >> 20, stacks: false);
        command.SetAction(parse =>
        {
            var maxBytes = limits.Of(parse).MaxWholeBytes;
            var snapshot = Open(parse.GetValue(target)!, maxBytes);
            var limit = TimeoutOption.Of(parse.GetValue(timeout));
            GoMemory? go = null;
            if (parse.GetValue(memstats) is { } m) go = GoMemory.LoadMemStats(m, limit, maxBytes);
            else if (parse.GetValue(heap) is { } h) go = GoMemory.LoadHeapProfile(h, limit, maxBytes);
            var report = ProcAnalysis.Summarize(snapshot, go);
            var suspects = report.Suspects;
            IReadOnlyList<string>? notCompared = null;
            if (parse.GetValue(before) is { } b)
            {
                var earlier = Open(b, maxBytes);
                suspects = ProcAnalysis.Compare(earlier, snapshot, go);
                notCompared = ProcAnalysis.NotCompared(earlier, snapshot);
            }
            if (parse.GetValue(format) == "json")
            {
                using var stdout = Console.OpenStandardOutput();
                ProcOutput.WriteJson(stdout, report, suspects, notCompared);
                stdout.WriteByte((byte)'\n');
            }
            else
            {
                ProcOutput.WriteText(TerminalOut.Writer, report, suspects, notCompared);
            }
            return suspects.Count > 0 ? ExitCodes.Findings : ExitCodes.Clean;
        });
        return command;
    }

    private static ProcSnapshot Open(string target, long maxFileBytes) =>
        int.TryParse(target, out var pid) && !Directory.Exists(target) ? ProcSnapshot.Capture(pid, maxFileBytes) : ProcSnapshot.Load(target, maxFileBytes);
}
