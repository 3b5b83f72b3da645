using System.Globalization;

namespace LeakFinder.Bench.Types;

internal static class ProcStatus
{
    /// <summary>The process's peak resident set size (VmHWM of /proc/self/status) in KiB, -1 when unreadable.</summary>
    public static long VmHwmKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return -1;
    }
}
