using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Output;
using LeakFinder.Runtime.Pprof;

namespace LeakFinder.Runtime.Watch;

public sealed record WatchOptions
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
    public PollLimits Limits { get; init; } = PollLimits.Default;
    public TrendOptions Trend { get; init; } = new();
    /// <summary>Samples, events and evidence older than this are deleted (at start and hourly).</summary>
    public TimeSpan Retain { get; init; } = TimeSpan.FromDays(7);
    /// <summary>The longest wait between polls of a target that keeps failing.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);
    public string? WebhookUrl { get; init; }
}

/// <summary>
/// Polls every target on its own thread at the interval, records each poll in the <see cref="WatchStore"/>,
/// feeds the watched metrics to a <see cref="TrendDetector"/> each, and on a climb captures evidence, diffs
/// it against the baseline and raises an <see cref="Alert"/> (a line on the log, and the webhook). A target
/// that fails is retried with exponential backoff; the others go on. A restart of the target (a counter went
/// down, another process under the pid) is recorded and starts every window afresh. With a
/// <see cref="TargetsFile"/>, its targets join the given ones and follow its edits while the watch runs.
/// </summary>
public sealed class Watcher(IReadOnlyList<WatchTarget> targets, WatchOptions options, WatchStore store, TextWriter log, TargetsFile? targetsFile = null)
{
    private readonly Lock _storeLock = new();
    private readonly Lock _logLock = new();
    private readonly List<Alert> _alerts = [];
    private readonly Dictionary<string, TargetStatus> _status = new(StringComparer.Ordinal);
    private readonly List<WatchTarget> _watched = [];

    public IReadOnlyList<Alert> Alerts { get { lock (_logLock) return _alerts.ToArray(); } }

    /// <summary>Each target's last poll, up state and counts, in the order given: what /metrics serves.</summary>
    public IReadOnlyList<TargetStatus> Status()
    {
        lock (_logLock) return _watched.Select(t => _status[t.Name]).ToArray();
    }

    /// <summary>The targets polled now: the given ones, then the targets file's.</summary>
    public IReadOnlyList<WatchTarget> Watched()
    {
        lock (_logLock) return _watched.ToArray();
    }

    private void Update(string target, Func<TargetStatus, TargetStatus> change)
    {
        lock (_logLock)
            if (_status.TryGetValue(target, out var s)) _status[target] = change(s);
    }

    /// <summary>
    /// Watches until <paramref name="outer"/> fires; returns the alerts raised. A failure that is no target's
    /// fault (the database cannot be written, a bug) stops every target and is thrown from here. A targets
    /// file that cannot be read at start is an InputException; later, a bad edit is logged and the targets
    /// watched stay as they were until the file is fixed.
    /// </summary>
    public IReadOnlyList<Alert> Run(CancellationToken outer)
    {
        var fromFile = targetsFile?.ReadIfChanged() ?? [];
        Retention();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(outer);
        var cancel = stopping.Token;
        Exception? fatal = null;
        using var webhook = options.WebhookUrl is { } url ? new Webhook(url, TimeSpan.FromSeconds(5)) : null;
        var running = new Dictionary<string, (Thread Thread, CancellationTokenSource Stop)>(StringComparer.Ordinal);
        var stopped = new List<(Thread Thread, CancellationTokenSource Stop)>();
        void Guarded(WatchTarget t, CancellationToken token)
        {
            try { WatchTarget(t, webhook, token); }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref fatal, e, null);
                stopping.Cancel();
            }
        }
        void Retarget(IReadOnlyList<WatchTarget> wanted)
        {
            var names = wanted.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in running.Keys.Where(n => !names.Contains(n)).ToList())
            {
                running[name].Stop.Cancel();
                stopped.Add(running[name]);
                running.Remove(name);
                Log($"{name}: no longer in {targetsFile!.Path}; stopped polling it");
            }
            lock (_logLock)
            {
                _watched.Clear();
                _watched.AddRange(wanted);
                foreach (var name in _status.Keys.Where(n => !names.Contains(n)).ToList()) _status.Remove(name);
                foreach (var t in wanted) _status.TryAdd(t.Name, new TargetStatus(t.Name, null, false, 0, new Dictionary<string, long>()));
            }
            foreach (var t in wanted.Where(t => !running.ContainsKey(t.Name)))
            {
                // A target removed and added back waits for its old thread: one poller per target.
                foreach (var old in stopped.Where(s => s.Thread.Name == "watch " + t.Name)) old.Thread.Join();
                var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                var thread = new Thread(() => Guarded(t, stop.Token)) { IsBackground = true, Name = "watch " + t.Name };
                running[t.Name] = (thread, stop);
                thread.Start();
            }
        }
        IReadOnlyList<WatchTarget> Union(IReadOnlyList<WatchTarget> file) => targets.Concat(file).DistinctBy(t => t.Name, StringComparer.Ordinal).ToList();
        Retarget(Union(fromFile));
        var lastRetention = DateTimeOffset.UtcNow;
        while (!cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
        {
            if (DateTimeOffset.UtcNow - lastRetention > TimeSpan.FromHours(1))
            {
                Retention();
                lastRetention = DateTimeOffset.UtcNow;
            }
            if (targetsFile == null) continue;
            try
            {
                if (targetsFile.ReadIfChanged() is { } changed)
                {
                    var before = running.Count;
                    Retarget(Union(changed));
                    Log($"{targetsFile.Path} changed: {running.Count} target(s) now (were {before})");
                }
            }
            catch (InputException e)
            {
                Log($"{e.Message}; still watching the {running.Count} target(s) of before");
            }
        }
        foreach (var (thread, stop) in running.Values.Concat(stopped))
        {
            thread.Join();
            stop.Dispose();
        }
        if (fatal != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fatal);
        return Alerts;
    }

    private void Retention()
    {
        lock (_storeLock) store.DeleteBefore(DateTimeOffset.UtcNow - options.Retain);
    }

    private void WatchTarget(WatchTarget target, Webhook? webhook, CancellationToken cancel)
    {
        long id;
        long epoch;
        Observation? last;
        var detectors = new Dictionary<string, TrendDetector>();
        lock (_storeLock)
        {
            id = store.TargetId(target.Name);
            (epoch, last) = store.LastObservation(id);
            // Resume: the windows start with what the last run recorded of this life of the target.
            foreach (var metric in Metrics.Watched)
            {
                var detector = new TrendDetector(options.Trend);
                foreach (var (at, value) in store.Series(id, epoch, metric, options.Trend.Window - 1)) detector.Seed(at, value);
                detectors[metric] = detector;
            }
        }
        Evidence? baseline = null;
        var failures = 0;
        while (!cancel.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            Observation observation;
            try
            {
                observation = TargetReader.Read(target, options.Limits);
            }
            catch (Exception e) when (e is InputException or PprofFormatException)
            {
                failures++;
                Update(target.Name, s => s with { Up = false, FailedPolls = s.FailedPolls + 1 });
                if (failures == 1)
                {
                    Log($"{target.Name}: cannot poll: {e.Message}; retrying with backoff");
                    lock (_storeLock) store.AddEvent(id, started, "down", null, e.Message);
                }
                var backoff = TimeSpan.FromMilliseconds(Math.Min(options.MaxBackoff.TotalMilliseconds, options.Interval.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16))));
                cancel.WaitHandle.WaitOne(backoff);
                continue;
            }
            if (failures > 0)
            {
                Log($"{target.Name}: answering again after {failures} failed polls");
                lock (_storeLock) store.AddEvent(id, observation.At, "up", null, $"after {failures} failed polls");
                failures = 0;
            }
            if (Observation.RestartBetween(last, observation) is { } why)
            {
                epoch++;
                foreach (var d in detectors.Values) d.Reset();
                baseline = null;
                Log($"{target.Name}: restarted ({why}); trends start over");
                lock (_storeLock) store.AddEvent(id, observation.At, "restart", null, why);
            }
            lock (_storeLock) store.AddSamples(id, epoch, observation);
            Update(target.Name, s => s with { Last = observation, Up = true });
            last = observation;
            if (baseline == null && target.Kind == TargetKind.Pprof) baseline = TryCapture(target, id, "baseline");

            foreach (var metric in Metrics.Watched)
            {
                if (observation.Get(metric) is not { } value) continue;
                if (detectors[metric].Add(metric, observation.At, value) is not { } trend) continue;
                var growing = baseline != null && TryCapture(target, id, "trip") is { } now ? EvidenceCapture.Growing(baseline, now) : [];
                Raise(new Alert(target.Name, observation.At, trend, growing), id, webhook, cancel);
            }
            var rest = options.Interval - (DateTimeOffset.UtcNow - started);
            if (rest > TimeSpan.Zero) cancel.WaitHandle.WaitOne(rest);
        }
    }

    private Evidence? TryCapture(WatchTarget target, long id, string purpose)
    {
        try
        {
            var evidence = EvidenceCapture.Capture(target, options.Limits);
            lock (_storeLock)
            {
                store.AddEvidence(id, evidence.At, $"goroutine-{purpose}", evidence.Dump);
                if (evidence.Heap != null) store.AddEvidence(id, evidence.At, $"heap-{purpose}", evidence.Heap);
            }
            return evidence;
        }
        catch (Exception e) when (e is InputException or PprofFormatException)
        {
            Log($"{target.Name}: could not capture {purpose} evidence: {e.Message}");
            return null;
        }
    }

    private void Raise(Alert alert, long id, Webhook? webhook, CancellationToken cancel)
    {
        lock (_logLock) _alerts.Add(alert);
        Update(alert.Target, s => s with
        {
            AlertsByMetric = new Dictionary<string, long>(s.AlertsByMetric) { [alert.Trend.Metric] = s.AlertsByMetric.GetValueOrDefault(alert.Trend.Metric) + 1 },
        });
        Log("ALERT " + alert.Line());
        lock (_storeLock) store.AddEvent(id, alert.At, "alert", alert.Trend.Metric, alert.Line());
        if (webhook?.Send(alert, cancel) is { } failed) Log(failed);
    }

    private void Log(string line)
    {
        lock (_logLock)
        {
            log.WriteLine("leakfinder watch: " + TerminalText.Escape(line));
            log.Flush();
        }
    }
}
