using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Watch;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Watch;

/// <summary>`--targets-file`: the file's targets are polled, and edits to it start and stop polling while the watch runs.</summary>
public sealed class TargetsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lf-targets-file-").FullName;
    private string Db => Path.Combine(_dir, "watch.db");
    private string List => Path.Combine(_dir, "targets.txt");

    [Fact]
    public void Lines_are_targets_with_comments_and_blank_lines_ignored()
    {
        var targets = TargetsFile.Parse("# fleet A\nhttp://10.0.0.1:6060/debug/pprof  # api\n\n   pid:42\r\nhttp://10.0.0.2:6060/debug/vars\n", "t.txt");
        Assert.Equal(["http://10.0.0.1:6060/debug/pprof", "pid:42", "http://10.0.0.2:6060/debug/vars"], targets.Select(t => t.Name));
    }

    [Fact]
    public void A_bad_line_is_refused_naming_file_and_line()
    {
        var e = Assert.Throws<InputException>(() => TargetsFile.Parse("pid:1\nlocalhost:6060\n", "t.txt"));
        Assert.StartsWith("t.txt:2: localhost:6060: not a target", e.Message);
    }

    [Fact]
    public void Missing_file_at_start_is_an_input_error()
    {
        using var store = WatchStore.Open(Db);
        var watcher = new Watcher([], new WatchOptions(), store, TextWriter.Null, new TargetsFile(List));
        var e = Assert.Throws<InputException>(() => watcher.Run(CancellationToken.None));
        Assert.Contains("cannot read the targets file", e.Message);
    }

    [Fact]
    public void Edits_start_and_stop_polling_and_a_bad_edit_keeps_the_targets()
    {
        using var first = new FakeGoService(leakPerSecond: 0);
        using var second = new FakeGoService(leakPerSecond: 0);
        File.WriteAllText(List, $"# the fleet\n{first.PprofUrl}\n");
        using var store = WatchStore.Open(Db);
        using var reader = WatchStore.OpenReadOnly(Db);
        var log = new StringWriter();
        var options = new WatchOptions { Interval = TimeSpan.FromMilliseconds(200), Limits = new PollLimits(TimeSpan.FromSeconds(2), 16 << 20) };
        var watcher = new Watcher([], options, store, TextWriter.Synchronized(log), new TargetsFile(List));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = new Thread(() => watcher.Run(stop.Token));
        run.Start();
        Until(() => Samples(reader, first.PprofUrl) >= 3);
        Assert.Equal([first.PprofUrl], watcher.Watched().Select(t => t.Name));

        File.WriteAllText(List, $"{second.PprofUrl}\n");
        Until(() => Samples(reader, second.PprofUrl) >= 3);
        Assert.Equal([second.PprofUrl], watcher.Watched().Select(t => t.Name));
        var firstStopped = Samples(reader, first.PprofUrl);
        File.WriteAllText(List, $"{second.PprofUrl}\nnot a target\n");
        Until(() => log.ToString().Contains(":2: not a target", StringComparison.Ordinal));
        var secondBefore = Samples(reader, second.PprofUrl);
        Thread.Sleep(1000);
        stop.Cancel();
        run.Join();

        Assert.Equal(firstStopped, Samples(reader, first.PprofUrl)); // removed: polled no more
        Assert.True(Samples(reader, second.PprofUrl) > secondBefore, "the bad edit stopped the target that was kept");
        Assert.Equal([second.PprofUrl], watcher.Watched().Select(t => t.Name));
        Assert.Contains("no longer in", log.ToString());
    }

    private static int Samples(WatchStore reader, string target) =>
        reader.Targets().FirstOrDefault(t => t.Name == target) is { Name: not null } t ? reader.RecentSeries(t.Id, Metrics.Goroutines, 100_000).Count : 0;

    private static void Until(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            Thread.Sleep(100);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
