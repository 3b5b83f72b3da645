using LeakFinder.Semantics.Types;

namespace LeakFinder.Analysis.Rules;

/// <summary>Method names that promise to end what a value started (its goroutines, timers): a type with one
/// is stopped when its user is done with it, and whatever it started should end there.</summary>
public static class StopMethods
{
    /// <summary>In order of preference, for naming the one a finding points to.</summary>
    public static readonly IReadOnlyList<string> Names = ["Close", "Stop", "Shutdown", "Cancel", "Terminate", "Quit", "Halt"];

    private static readonly HashSet<string> NameSet = new(Names, StringComparer.OrdinalIgnoreCase);

    public static bool IsStopName(string name) => NameSet.Contains(name);

    /// <summary>The type's stop method (declared on it, value or pointer receiver), by <see cref="Names"/>'
    /// order; null when it has none.</summary>
    public static Func? Of(NamedType t)
    {
        foreach (var name in Names)
            foreach (var m in t.Methods)
                if (string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)) return m;
        return null;
    }
}
