using System.Text;
using LeakFinder.Runtime.Input;
using LeakFinder.Runtime.Pprof;
using LeakFinder.Runtime.Tests.Input;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Runtime.Tests.Pprof;

/// <summary>`profile` reading a live /debug/pprof endpoint: the same profile as the file, and clear errors naming the URL.</summary>
public class ProfileUrlTests
{
    private static string Fixture(string name) => RepoPaths.Combine("testdata", "profiles", name);

    [Fact]
    public void A_url_reads_the_same_profile_as_the_file_it_serves()
    {
        using var server = new LocalHttpServer(LocalHttpServer.ServeFile(Fixture("heap2.pb.gz")));
        var url = server.Url + "/debug/pprof/heap";
        var fromUrl = ProfileAnalysis.LoadSource(url);
        var fromFile = ProfileAnalysis.LoadSource(Fixture("heap2.pb.gz"));
        Assert.Equal(["/debug/pprof/heap"], server.Requests); // no ?debug= added: that would ask for text
        Assert.Equal(fromFile.Samples.Count, fromUrl.Samples.Count);
        var options = new TopOptions { NodeCount = 0 };
        Assert.Equal(Rows(ProfileAnalysis.Top(fromFile, options)), Rows(ProfileAnalysis.Top(fromUrl, options)));
    }

    [Fact]
    public void Base_and_new_urls_diff_like_the_files()
    {
        using var early = new LocalHttpServer(LocalHttpServer.ServeFile(Fixture("heap1.pb.gz")));
        using var late = new LocalHttpServer(LocalHttpServer.ServeFile(Fixture("heap2.pb.gz")));
        var viaUrls = ProfileAnalysis.Diff(ProfileAnalysis.LoadSource(early.Url + "/debug/pprof/heap"), ProfileAnalysis.LoadSource(late.Url + "/debug/pprof/heap"));
        var viaFiles = ProfileAnalysis.Diff(ProfileAnalysis.Load(Fixture("heap1.pb.gz")), ProfileAnalysis.Load(Fixture("heap2.pb.gz")));
        Assert.NotEmpty(viaFiles.Suspects);
        Assert.Equal(viaFiles.Suspects.Select(s => s.Reason), viaUrls.Suspects.Select(s => s.Reason));
    }

    [Fact]
    public void An_http_error_is_an_input_error_naming_the_url_and_status()
    {
        using var server = new LocalHttpServer(context =>
        {
            context.Response.StatusCode = 404;
            context.Response.Close();
            return Task.CompletedTask;
        });
        var url = server.Url + "/debug/pprof/heap";
        var e = Assert.Throws<InputException>(() => ProfileAnalysis.LoadSource(url));
        Assert.StartsWith(url + ": HTTP 404", e.Message);
    }

    [Fact]
    public void A_refused_connection_is_an_input_error_naming_the_url()
    {
        var url = $"http://127.0.0.1:{LocalHttpServer.FreePort()}/debug/pprof/heap";
        var e = Assert.Throws<InputException>(() => ProfileAnalysis.LoadSource(url));
        Assert.StartsWith(url + ": cannot fetch: ", e.Message);
    }

    [Theory]
    [InlineData("<html><body>404 page not found</body></html>\n")]
    [InlineData("heap profile: 1: 1024 [1: 1024] @ heap/1048576\n1: 1024 [1: 1024] @ 0x1\n")] // ?debug=1 text
    [InlineData("")]
    public void A_body_that_is_not_a_profile_is_a_format_error_naming_the_url(string body)
    {
        using var server = new LocalHttpServer(async context =>
        {
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        });
        var url = server.Url + "/debug/pprof/heap";
        var e = Assert.Throws<PprofFormatException>(() => ProfileAnalysis.LoadSource(url));
        Assert.StartsWith(url + ": ", e.Message);
        Assert.Contains("not a pprof profile", e.Message);
    }

    [Fact]
    public void A_server_that_never_answers_times_out()
    {
        var release = new TaskCompletionSource();
        using var server = new LocalHttpServer(async context =>
        {
            await release.Task;
            context.Response.Close();
        });
        var url = server.Url + "/debug/pprof/heap";
        var e = Assert.Throws<InputException>(() => ProfileAnalysis.LoadSource(url, TimeSpan.FromMilliseconds(300)));
        release.SetResult();
        Assert.Equal(url + ": cannot fetch: no response within 0.3 s", e.Message);
    }

    [Fact]
    public void A_body_that_stalls_midway_times_out()
    {
        var release = new TaskCompletionSource();
        var half = File.ReadAllBytes(Fixture("heap2.pb.gz"))[..100];
        using var server = LocalHttpServer.StallingAfter(half, release.Task);
        var url = server.Url + "/debug/pprof/heap";
        // Long enough for the headers under a loaded CI machine; the stall after them is what times out.
        var e = Assert.Throws<InputException>(() => ProfileAnalysis.LoadSource(url, TimeSpan.FromSeconds(3)));
        release.SetResult();
        Assert.Equal(url + ": read failed: no complete response within 3 s (--timeout raises the limit)", e.Message);
    }

    private static List<string> Rows(TopReport report) => [.. report.Rows.Select(r => $"{r.Name} {r.Flat} {r.Cum}")];
}
