using System.CommandLine;
using System.Runtime.InteropServices;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Watch;

namespace LeakFinder.Cli.Commands;

/// <summary>`leakfinder watch TARGET...`: polls live services and alerts on sustained growth (wiring only; see Runtime/Watch).</summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var targets = new Argument<string[]>("TARGET")
        {
            Description = "what to poll: a /debug/pprof base URL (goroutines, heap), a /debug/vars URL (memstats), or pid:N (RSS, fds, threads)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var interval = new Option<string>("--interval") { Description = "time between polls of a target (200ms, 10s, 1m...)", DefaultValueFactory = _ => "10s" };
        var db = new Option<string?>("--db") { Description = "the SQLite database of samples and evidence (default: $XDG_DATA_HOME/leakfinder/watch.db or ~/.local/share/leakfinder/watch.db); a restarted watch resumes it" };
        var duration = new Option<string?>("--for") { Description = "watch this long (10m, 2h...), then exit 1 if anything tripped, else 0; without it, watch until interrupted" };
        var retain = new Option<string>("--retain") { Description = "delete samples and evidence older than this", DefaultValueFactory = _ => "7d" };
        var webhook = new Option<string?>("--webhook") { Description = "also POST each alert as JSON to this URL (3 tries with backoff)" };
        var window = new Option<int>("--window") { Description = "samples per trend window (a climb must hold across it)", DefaultValueFactory = _ => 30 };
        var growth = new Option<double>("--min-growth") { Description = "relative growth over the window that counts as a climb (0.2 = 20%)", DefaultValueFactory = _ => 0.2 };
        var listen = new Option<string?>("--listen") { Description = "serve a dashboard (charts per target, alerts, evidence and diffs) at / and Prometheus /metrics (leakfinder_* per target) on HOST:PORT or :PORT" };
        var targetsFile = new Option<string?>("--targets-file") { Description = "also poll the targets listed in FILE, one per line (# comments); edits to it start and stop polling while the watch runs" };
        var dbMax = new Option<double?>("--db-max-mb") { Description = "stop with an error (exit 2) before the database grows past this many MiB; the samples recorded stay intact" };
        var timeout = new Option<string>("--timeout") { Description = "how long one fetch from a target may take", DefaultValueFactory = _ => "10s" };
        var command = new Command("watch", "Poll live Go services (pprof, expvar) or processes, keep the samples in SQLite, and alert when goroutines, heap, RSS, fds or threads climb steadily, naming the stack or allocation site that grew.")
        {
            targets, targetsFile, interval, db, dbMax, duration, retain, webhook, window, growth, listen, timeout,
        };
        var limits = LimitOptions.AddTo(command, InputLimits.DefaultWholeBytes >> 20, stacks: false);
        command.SetAction(parse =>
        {
            var list = parse.GetValue(targets)!.Distinct(StringComparer.Ordinal).Select(WatchTarget.Parse).ToList();
            var file = parse.GetValue(targetsFile) is { } path ? new TargetsFile(path) : null;
            if (list.Count == 0 && file == null) throw new InputException("give a TARGET to watch, or --targets-file FILE");
            var maxMb = parse.GetValue(dbMax);
            if (maxMb is <= 0) throw new InputException("--db-max-mb: a size above 0");
            var hook = parse.GetValue(webhook);
            if (hook != null && !Webhook.IsValidUrl(hook)) throw new InputException($"--webhook: '{hook}' is not an http(s) URL");
            var windowSize = parse.GetValue(window);
            if (windowSize < 4) throw new InputException("--window: at least 4 samples");
            var options = new WatchOptions
            {
                Interval = WatchDuration.Parse(parse.GetValue(interval)!, "--interval"),
                Limits = new PollLimits(WatchDuration.Parse(parse.GetValue(timeout)!, "--timeout"), limits.Of(parse).MaxWholeBytes),
                Retain = WatchDuration.Parse(parse.GetValue(retain)!, "--retain"),
                Trend = new TrendOptions { Window = windowSize, MinSamples = Math.Min(8, windowSize), MinRelativeGrowth = Math.Max(0, parse.GetValue(growth)) },
                WebhookUrl = hook,
            };
            var runFor = parse.GetValue(duration) is { } d ? WatchDuration.Parse(d, "--for") : (TimeSpan?)null;
            using var store = WatchStore.Open(parse.GetValue(db) ?? WatchStore.DefaultPath(), maxMb is { } mb ? (long)(mb * (1 << 20)) : null);
            using var stop = runFor is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
            // Ctrl+C and SIGTERM end the watch cleanly: the database is closed, the exit code says whether anything tripped.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            var watching = file == null ? $"{list.Count} target(s)" : $"{list.Count} target(s) and those of {file.Path}";
            Console.Error.WriteLine($"leakfinder watch: {watching} every {WatchDuration.Format(options.Interval)}, samples in {store.Path}");
            var watcher = new Watcher(list, options, store, Console.Error, file);
            using var reader = parse.GetValue(listen) != null ? WatchStore.OpenReadOnly(store.Path) : null;
            using var server = parse.GetValue(listen) is { } address ? new MetricsServer(address, new Dashboard(reader!, watcher.Status, options.Limits).Handle) : null;
            if (server != null) Console.Error.WriteLine($"leakfinder watch: dashboard at {server.Prefix.Replace("+", "*")}, metrics at {server.Prefix.Replace("+", "*")}metrics");
            var alerts = watcher.Run(stop.Token);
            return alerts.Count > 0 ? ExitCodes.Findings : ExitCodes.Clean;
        });
        return command;
    }
}
