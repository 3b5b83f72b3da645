using System.Diagnostics;
using LeakFinder.Runtime.Input;

namespace LeakFinder.Runtime.GoTest;

/// <summary>
/// Runs `go test -json ARGS` with the go command found on PATH and reads its output as it streams. The
/// user's arguments go to go test unchanged (-race, -run, -count, -timeout, packages...): a hang is reported
/// when go test's own -timeout fires, 10 minutes unless the user passes a shorter one.
/// </summary>
public static class GoTestRunner
{
    /// <summary>The go command on PATH, or null.</summary>
    public static string? FindGo()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "go.exe" : "go");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <param name="stderr">Receives go's standard error as it comes (build errors, go's own messages).</param>
    /// <exception cref="InputException">No go command on PATH, or it cannot be started.</exception>
    public static GoTestReport Run(IReadOnlyList<string> goArguments, TextWriter stderr, string? workDir = null)
    {
        var go = FindGo() ?? throw new InputException("the go command is not on PATH: `leakfinder test` runs `go test -json`; install Go or add it to PATH");
        var psi = new ProcessStartInfo(go)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = workDir ?? Environment.CurrentDirectory,
        };
        psi.ArgumentList.Add("test");
        psi.ArgumentList.Add("-json");
        foreach (var a in goArguments) psi.ArgumentList.Add(a);

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InputException($"{go}: could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InputException($"{go}: could not be started: {e.Message}", e);
        }
        using (process)
        {
            var collector = new GoTestCollector(goArguments);
            var errors = Task.Run(() =>
            {
                while (process.StandardError.ReadLine() is { } line)
                    lock (stderr) stderr.WriteLine(line);
            });
            while (process.StandardOutput.ReadLine() is { } line) collector.AddLine(line);
            process.WaitForExit();
            errors.Wait();
            return collector.Finish(process.ExitCode);
        }
    }
}
