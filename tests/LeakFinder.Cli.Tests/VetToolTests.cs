using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeakFinder.Tests.Shared;

namespace LeakFinder.Cli.Tests;

/// <summary>
/// One build cache for the class: the first `go vet` compiles fmt and has the tool compute the facts of
/// the standard library, which cmd/go then caches; the later runs only vet the module's packages.
/// </summary>
public sealed class GoVetFixture : IDisposable
{
    public TempDir Work { get; } = new();

    public string GoCache => Work.Combine("gocache");

    /// <summary>A JIT build (a .dll) cannot be a -vettool: cmd/go needs an executable, so it gets a wrapper script.</summary>
    public string Tool(string exe)
    {
        if (!exe.EndsWith(".dll", StringComparison.Ordinal)) return exe;
        return WrapperScript("leakfinder-dll", $"exec dotnet '{exe}' \"$@\"");
    }

    public string WrapperScript(string name, string body)
    {
        var path = Work.Combine(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public void Dispose() => Work.Dispose();
}

/// <summary>
/// `go vet -vettool=leakfinder ./...` end to end: the real cmd/go drives the shipped executable through the
/// unitchecker protocol (-flags, -V=full, one vet.cfg per package) over the modules in testdata/vettool.
/// </summary>
public sealed class VetToolTests(GoVetFixture fixture) : IClassFixture<GoVetFixture>, IDisposable
{
    private readonly List<TempDir> _copies = [];

    public void Dispose() => _copies.ForEach(d => d.Dispose());

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private sealed record GoResult(int ExitCode, string Output, string CommandLine)
    {
        public override string ToString() => $"`{CommandLine}` exited {ExitCode}\n{Output}";
    }

    // go vet prints the tool's output (stdout and stderr alike) on its standard error, one "# package" header
    // before each package's; both streams are read together here, in the order they came.
    private GoResult GoVet(string moduleDir, string tool, params string[] args)
    {
        var go = GoToolchain.Require();
        var psi = new ProcessStartInfo(go) { WorkingDirectory = moduleDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("vet");
        psi.ArgumentList.Add("-vettool=" + tool);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("./...");
        psi.Environment["GOFLAGS"] = "-mod=mod";
        psi.Environment["GOPROXY"] = "off";
        psi.Environment["GO111MODULE"] = "on";
        psi.Environment["GOCACHE"] = fixture.GoCache;
        psi.Environment["GOTMPDIR"] = fixture.Work.Path;
        psi.Environment["CGO_ENABLED"] = "0";
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment.Remove("GOPATH");
        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.Append(e.Data).Append('\n'); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.Append(e.Data).Append('\n'); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"go vet did not finish within {Timeout.TotalMinutes} minutes in {moduleDir}:\n{output}");
        }
        p.WaitForExit();
        return new GoResult(p.ExitCode, output.ToString(), $"go vet -vettool={tool} {string.Join(' ', args)} ./...  (in {moduleDir})");
    }

    // A copy: the run must not depend on (or leave anything in) the repository's tree.
    private string Module(string name)
    {
        var copy = new TempDir();
        _copies.Add(copy);
        return copy.CopyFromRepo($"testdata/vettool/{name}");
    }

    private string Tool() => fixture.Tool(LeakFinderExe.Require());

    // A finding as vet prints it: "path:line:col: message".
    private static IEnumerable<string> FindingLines(string output) =>
        output.Split('\n').Where(l => Regex.IsMatch(l, @"^\S+\.go:\d+:\d+: "));

    [Fact]
    public void ALeakInADependencyPackageFailsVetAtItsPosition()
    {
        GoToolchain.Require();
        var result = GoVet(Module("leaky"), Tool());
        Assert.True(result.ExitCode != 0, result.ToString());
        // cmd/go shows the path relative to where it ran; the //nolint'ed twin on line 17 and the clean main stay silent.
        var line = Assert.Single(FindingLines(result.Output));
        Assert.StartsWith("worker/worker.go:8:3: this goroutine blocks for ever sending on results", line);
        Assert.EndsWith("(LF1001 goroutine-blocked-on-channel)", line);
        Assert.Contains("# example.com/leaky/worker\n", result.Output);
        Assert.DoesNotContain("# example.com/leaky/cmd/app", result.Output);
    }

    [Fact]
    public void ACleanModulePassesSilently()
    {
        GoToolchain.Require();
        var result = GoVet(Module("clean"), Tool());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void JsonOutputParsesAndCarriesTheFinding()
    {
        GoToolchain.Require();
        var result = GoVet(Module("leaky"), Tool(), "-json");
        Assert.True(result.ExitCode == 0, result.ToString()); // as go vet -json: the findings are the data
        var packages = JsonSections(result.Output);
        Assert.Equal(["example.com/leaky/cmd/app", "example.com/leaky/worker"], packages.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Object, packages["example.com/leaky/cmd/app"].ValueKind);
        Assert.False(packages["example.com/leaky/cmd/app"].EnumerateObject().Any(), result.ToString());
        var diagnostic = Assert.Single(packages["example.com/leaky/worker"].GetProperty("example.com/leaky/worker").GetProperty("LF1001").EnumerateArray());
        Assert.EndsWith("worker/worker.go:8:3", diagnostic.GetProperty("posn").GetString());
        Assert.StartsWith("this goroutine blocks for ever", diagnostic.GetProperty("message").GetString());
    }

    // "# package" then that package's JSON document, for each package.
    private static Dictionary<string, JsonElement> JsonSections(string output)
    {
        var sections = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var part in Regex.Split(output, "^# ", RegexOptions.Multiline).Where(p => p.Length > 0))
        {
            var newline = part.IndexOf('\n');
            Assert.True(newline > 0, "a package header without output: " + part);
            sections[part[..newline]] = JsonDocument.Parse(part[(newline + 1)..]).RootElement.Clone();
        }
        return sections;
    }

    [Fact]
    public void EachVettedPackageGetsAFactsFile()
    {
        GoToolchain.Require();
        // -work keeps cmd/go's work directory, where each package's vet.cfg says to write its facts (vet.out).
        var result = GoVet(Module("leaky"), Tool(), "-work");
        var work = Regex.Match(result.Output, "^WORK=(.+)$", RegexOptions.Multiline);
        Assert.True(work.Success, result.ToString());
        var facts = Directory.GetFiles(work.Groups[1].Value, "vet.out", SearchOption.AllDirectories)
            .Select(f => JsonDocument.Parse(File.ReadAllBytes(f)).RootElement.Clone())
            .ToDictionary(f => f.GetProperty("package").GetString()!, StringComparer.Ordinal);
        Assert.True(facts.ContainsKey("example.com/leaky/cmd/app"), string.Join(", ", facts.Keys));
        var worker = facts["example.com/leaky/worker"];
        Assert.Equal("leakfinder-vetx", worker.GetProperty("format").GetString());
        Assert.True(worker.GetProperty("analysed").GetBoolean());
        Assert.Equal("LF1001", Assert.Single(worker.GetProperty("findings").EnumerateArray()).GetProperty("rule").GetString());
        Assert.Empty(facts["example.com/leaky/cmd/app"].GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public void ARuleFlagTurnsTheRuleOff()
    {
        GoToolchain.Require();
        var result = GoVet(Module("leaky"), Tool(), "-LF1001=false");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void TheNearestLeakfinderYmlIsHonoured()
    {
        GoToolchain.Require();
        var module = Module("leaky");
        File.WriteAllText(Path.Combine(module, ".leakfinder.yml"), "rules:\n  disable: [goroutine-leak]\n");
        var result = GoVet(module, Tool());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void AToolBehindAWrapperScriptWorks()
    {
        // Installed tools are often scripts (./leakfinder in this repository is one); -V=full must not hash the script.
        GoToolchain.Require();
        var wrapper = fixture.WrapperScript("leakfinder-wrapper", $"exec '{Tool()}' \"$@\"");
        var result = GoVet(Module("leaky"), wrapper);
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.StartsWith("worker/worker.go:8:3: ", Assert.Single(FindingLines(result.Output)));
    }

    [Fact]
    public void TheProtocolAnswersWithoutGo()
    {
        var flags = LeakFinderExe.Run("-flags");
        Assert.True(flags.ExitCode == 0, flags.ToString());
        var names = JsonDocument.Parse(flags.Stdout).RootElement.EnumerateArray().Select(f => f.GetProperty("Name").GetString()).ToList();
        Assert.Contains("json", names);
        Assert.Contains("LF1001", names);

        var version = LeakFinderExe.Run("-V=full");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Matches(@"^leakfinder version devel \S+ buildID=[0-9a-f]{64}\n$", version.Stdout);

        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("vet.cfg"), "not json");
        var bad = LeakFinderExe.Run([dir.Combine("vet.cfg")]);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.StartsWith($"leakfinder: cannot decode JSON vet config {dir.Combine("vet.cfg")}", bad.Stderr);
    }
}
