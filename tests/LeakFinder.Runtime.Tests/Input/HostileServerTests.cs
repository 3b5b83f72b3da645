using System.IO.Compression;
using System.Net;
using LeakFinder.Runtime.Goroutines;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Pprof;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Input;

/// <summary>
/// `dump` and `profile` against a real local HTTP server that misbehaves as an attacker's would (issue #14):
/// an endless body, a body dripped a byte at a time, a gzip bomb. Each must end at its limit with an error
/// that names the flag raising it, never grow without bound or wait forever.
/// </summary>
public class HostileServerTests
{
    private static readonly byte[] DumpText = File.ReadAllBytes(RepoPaths.Combine("testdata", "dumps", "go1.19.8-debug2.txt"));

    /// <summary>Sends the dump's goroutines again and again, forever (until the client hangs up).</summary>
    private static LocalHttpServer Endless() => new(async context =>
    {
        context.Response.SendChunked = true;
        var goroutines = DumpText.AsMemory(DumpText.AsSpan().IndexOf("goroutine "u8));
        while (true) await context.Response.OutputStream.WriteAsync(goroutines);
    });

    /// <summary>Sends one byte every 50 ms: each read gets data, the whole never arrives.</summary>
    private static LocalHttpServer Dripping(byte[] body) => new(async context =>
    {
        context.Response.SendChunked = true;
        foreach (var b in body)
        {
            await context.Response.OutputStream.WriteAsync(new[] { b });
            await context.Response.OutputStream.FlushAsync();
            await Task.Delay(50);
        }
        context.Response.Close();
    });

    /// <summary>A gzip stream of <paramref name="prefix"/> and then zeros, inflating to <paramref name="inflated"/> bytes.</summary>
    private static byte[] GzipBomb(byte[] prefix, long inflated)
    {
        var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gz.Write(prefix);
            var zeros = new byte[1 << 20];
            for (var left = inflated - prefix.Length; left > 0; left -= zeros.Length) gz.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
        }
        return packed.ToArray();
    }

    private static LocalHttpServer Serving(byte[] body) => new(async context =>
    {
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    });

    [Fact]
    public void An_endless_dump_body_stops_at_the_input_limit()
    {
        using var server = Endless();
        var limits = InputLimits.WithMaxBytes(8 << 20);
        var e = Assert.Throws<InputLimitException>(() => DumpAnalyzer.AnalyzeSource(server.Url + "/debug/pprof/goroutine", limits: limits));
        Assert.EndsWith("more than 8 MiB; --max-input-mb raises the limit", e.Message);
    }

    [Fact]
    public void A_dripping_dump_ends_at_the_overall_deadline_as_a_truncated_dump()
    {
        using var server = Dripping(DumpText);
        // ~150 KB at 20 bytes a second would take two hours; every read gets a byte within 50 ms.
        var analysis = DumpAnalyzer.Analyze(DumpInput.Open(server.Url + "/debug/pprof/goroutine", TimeSpan.FromSeconds(2)), "drip");
        Assert.True(analysis.Info.Truncated);
        Assert.Contains(analysis.Warnings.Items, w => w.Message.EndsWith("no complete response within 2 s (--timeout raises the limit)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dripping_profile_is_refused_at_the_overall_deadline()
    {
        using var server = Dripping(File.ReadAllBytes(RepoPaths.Combine("testdata", "profiles", "heap1.pb.gz")));
        var url = server.Url + "/debug/pprof/heap";
        var e = Assert.Throws<InputException>(() => ProfileAnalysis.LoadSource(url, TimeSpan.FromSeconds(2)));
        Assert.Equal(url + ": read failed: no complete response within 2 s (--timeout raises the limit)", e.Message);
    }

    [Fact]
    public void A_gzip_bomb_profile_stops_at_the_decompressed_limit()
    {
        var bomb = GzipBomb([], 1L << 30); // 1 GiB of zeros in about 1 MB
        Assert.InRange(bomb.Length, 1, 2 << 20);
        using var server = Serving(bomb);
        var url = server.Url + "/debug/pprof/heap";
        var e = Assert.Throws<InputLimitException>(() => ProfileAnalysis.LoadSource(url, maxBytes: 16 << 20));
        Assert.Equal(url + ": more than 16 MiB once decompressed; --max-input-mb raises the limit", e.Message);
    }

    [Fact]
    public void A_gzip_bomb_dump_stops_at_the_decompressed_limit()
    {
        var bomb = GzipBomb(DumpText, 1L << 30);
        using var server = Serving(bomb);
        var e = Assert.Throws<InputLimitException>(() =>
            DumpAnalyzer.AnalyzeSource(server.Url + "/debug/pprof/goroutine", limits: InputLimits.WithMaxBytes(32 << 20)));
        Assert.EndsWith("more than 32 MiB once decompressed; --max-input-mb raises the limit", e.Message);
    }

    [Fact]
    public void A_profile_of_a_million_empty_records_is_refused_before_it_is_parsed()
    {
        // 2 bytes per empty sample, each a ~100-byte object once parsed: the amplification of the 13 GB case.
        var records = new byte[2 << 20];
        for (var i = 0; i < records.Length; i += 2) records[i] = 0x12; // field 2 (sample), length 0
        var e = Assert.Throws<InputLimitException>(() => PprofReader.Read(new MemoryStream(records), "bomb.pb", maxBytes: 16 << 20));
        Assert.Equal("bomb.pb: more than 262144 records in the profile; --max-input-mb raises the limit", e.Message);
    }
}
