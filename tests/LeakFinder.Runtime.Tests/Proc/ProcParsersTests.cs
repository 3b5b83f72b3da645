using LeakFinder.Runtime.Proc;

namespace LeakFinder.Runtime.Tests.Proc;

public class ProcParsersTests
{
    [Theory]
    [InlineData("0100007F:1F90", "127.0.0.1:8080")]
    [InlineData("00000000:0050", "0.0.0.0:80")]
    [InlineData("0000000000000000FFFF00000100007F:ED9E", "127.0.0.1:60830")]
    [InlineData("00000000000000000000000001000000:0016", "[::1]:22")]
    [InlineData("B80D0120000000000000000001000000:01BB", "[2001:db8::1]:443")]
    public void TcpEndpointsDecodeFromKernelByteOrder(string hex, string expected) =>
        Assert.Equal(expected, ProcParsers.DecodeEndpoint(hex));

    [Theory]
    [InlineData("0100007F")]
    [InlineData("0100007F:XYZ")]
    [InlineData("01007F:0050")]
    public void BadEndpointsAreNull(string hex) => Assert.Null(ProcParsers.DecodeEndpoint(hex));

    [Fact]
    public void MapsLinesWithAndWithoutPaths()
    {
        var warnings = new List<string>();
        var maps = ProcParsers.ParseMaps(
            "00400000-00452000 r-xp 00001000 08:02 173521      /usr/bin/dbus daemon\n" +
            "c000000000-c004000000 rw-p 00000000 00:00 0 \n" +
            "7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0                          [stack]\n", "maps", warnings);
        Assert.Empty(warnings);
        Assert.Equal("/usr/bin/dbus daemon", maps[0].Path);
        Assert.Equal(0x52000UL, maps[0].Size);
        Assert.Equal(0x1000UL, maps[0].Offset);
        Assert.Equal("file", ProcAnalysis.MappingKind(maps[0]));
        Assert.Equal("go-heap", ProcAnalysis.MappingKind(maps[1]));
        Assert.Equal("stack", ProcAnalysis.MappingKind(maps[2]));
    }

    [Theory]
    [InlineData(0x00c000000000UL, true)]
    [InlineData(0x00c0ff000000UL, true)]
    [InlineData(0x01c000000000UL, true)]
    [InlineData(0x3fc000000000UL, true)]
    [InlineData(0x7fc000000000UL, false)] // the last hint lies where the kernel puts mmap: not counted
    [InlineData(0x7fda78000000UL, false)] // a malloc thread arena in a real capture (cstring-not-freed)
    [InlineData(0x7efc84000000UL, false)] // the same, where randomisation put mmap lower (a CI run of cstring-not-freed)
    [InlineData(0x6fc000000000UL, true)]
    [InlineData(0x7f0000000000UL, false)]
    [InlineData(0x000000400000UL, false)]
    public void GoArenaHintAddresses(ulong address, bool arena) => Assert.Equal(arena, ProcAnalysis.IsGoArenaAddress(address));

    [Theory]
    [InlineData("socket:[123]", "socket")]
    [InlineData("pipe:[9]", "pipe")]
    [InlineData("anon_inode:inotify", "inotify")]
    [InlineData("anon_inode:[eventfd]", "eventfd")]
    [InlineData("anon_inode:[eventpoll]", "eventpoll")]
    [InlineData("anon_inode:[timerfd]", "timerfd")]
    [InlineData("anon_inode:bpf-map", "anon_inode:bpf-map")]
    [InlineData("/dev/null", "device")]
    [InlineData("/var/log/app.log", "file")]
    [InlineData("/tmp/x (deleted)", "deleted-file")]
    [InlineData("net:[4026531992]", "other")]
    public void FdKinds(string target, string kind) => Assert.Equal(kind, FileDescriptor.KindOf(target));

    [Fact]
    public void SocketInodeFromTarget()
    {
        Assert.Equal(5555UL, new FileDescriptor(3, "socket:[5555]").Inode);
        Assert.Equal(0UL, new FileDescriptor(3, "/dev/null").Inode);
    }
}

public class ProcParsersRobustnessTests
{
    [Fact]
    public void GarbageInEveryParserGivesWarningsNotExceptions()
    {
        var random = new Random(7);
        var samples = new[]
        {
            "00400000-00452000 r-xp 00001000 08:02 173521      /usr/bin/x\nc000000000-c004000000 rw-p 00000000 00:00 0 \n",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:1F90 0100007F:A000 08 00000000:00000000 00:00000000 00000000     0        0 5555 1\n",
            "Name:\tx\nVmRSS:\t 1760 kB\nThreads:\t4\n",
            "Rss:   1716 kB\nPss:  272 kB\n",
        };
        for (var round = 0; round < 500; round++)
        {
            var chars = samples[round % samples.Length].ToCharArray();
            for (var k = 0; k < 6; k++) chars[random.Next(chars.Length)] = (char)random.Next(0, 128);
            var text = new string(chars);
            var warnings = new List<string>();
            ProcParsers.ParseMaps(text, "maps", warnings);
            ProcParsers.ParseSmaps(text, "maps", warnings);
            ProcParsers.ParseNetTcp(text, "tcp", round % 2 == 0, warnings);
            ProcParsers.ParseStatus(text, "status", warnings, out _);
            ProcParsers.ParseKbFields(text, "smaps_rollup", warnings);
            Assert.All(warnings, w => Assert.Matches(@"^(maps|tcp|status|smaps_rollup):\d+: ", w));
        }
    }
}
