using System.Diagnostics;
using LeakFinder.Runtime.Proc;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Proc;

/// <summary>
/// A /proc-like directory holding special files where regular ones belong (issue #14): a FIFO named `maps`
/// once blocked `proc` forever in open(), a `status` linked to /dev/zero grew it 100 MB a second. Only
/// regular files are read, each up to a limit; the rest are warnings.
/// </summary>
public sealed class ProcSpecialFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lf-proc-special-").FullName;

    public ProcSpecialFileTests()
    {
        var source = RepoPaths.Combine("testdata", "proc", "resourceleak-after");
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(_dir, Path.GetFileName(file)));
    }

    [Fact]
    public void A_fifo_and_a_link_to_dev_zero_are_warnings_not_a_hang()
    {
        File.Delete(Path.Combine(_dir, "maps"));
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(_dir, "maps"))) mkfifo.WaitForExit();
        Assert.True(File.Exists(Path.Combine(_dir, "maps")));
        File.Delete(Path.Combine(_dir, "status"));
        File.CreateSymbolicLink(Path.Combine(_dir, "status"), "/dev/zero");

        var snapshot = ProcSnapshot.Load(_dir);
        Assert.Contains(snapshot.Warnings, w => w.StartsWith(Path.Combine(_dir, "maps") + ": not a regular file (a FIFO)", StringComparison.Ordinal));
        Assert.Contains(snapshot.Warnings, w => w.StartsWith(Path.Combine(_dir, "status") + ": not a regular file (a character device)", StringComparison.Ordinal));
        Assert.Empty(snapshot.Status);
        Assert.NotEmpty(snapshot.SmapsRollup); // the regular files are still read
    }

    [Fact]
    public void A_file_over_the_limit_is_a_warning_and_not_read()
    {
        var status = Path.Combine(_dir, "status");
        var snapshot = ProcSnapshot.Load(_dir, maxFileBytes: new FileInfo(status).Length - 1);
        Assert.Contains(snapshot.Warnings, w => w.StartsWith(status + ": more than ", StringComparison.Ordinal) && w.EndsWith("; --max-input-mb raises the limit; not read", StringComparison.Ordinal));
    }

    [Fact]
    public void Live_proc_files_of_size_zero_are_read_to_their_end()
    {
        var self = ProcSnapshot.CaptureSelf();
        Assert.True(self.StatusKb("VmRSS") > 0);
        Assert.NotEmpty(self.Maps);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
