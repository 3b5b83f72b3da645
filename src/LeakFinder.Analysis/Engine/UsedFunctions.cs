using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// The functions and methods a package's identifiers denote (the values of its Uses), by full name
/// ("(*sync.Cond).Wait"), and the builtins they name ("close"). Every call's callee is one of them
/// (<see cref="Calls.Callee"/> and <see cref="Calls.BuiltinName"/> read Uses), so a rule
/// whose every finding needs a call of a given function asks here first and skips a package that never names
/// it, rather than walking each of its bodies to find no such call. Read from the type information once per
/// package, on first request.
/// </summary>
public sealed class UsedFunctions
{
    public static readonly PackageAnalysis<UsedFunctions> Analysis =
        new("used-functions", "the full names of the functions and methods the package's identifiers denote", pass => new UsedFunctions(pass.Info));

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtins = new(StringComparer.Ordinal);

    private UsedFunctions(TypeInfo info)
    {
        var seen = new HashSet<Func>(ReferenceEqualityComparer.Instance);
        foreach (var obj in info.Uses.Values)
            switch (obj)
            {
                case Func f when seen.Add(f):
                    _names.Add(f.FullName);
                    break;
                case Builtin b:
                    _builtins.Add(b.Name);
                    break;
            }
    }

    public bool Contains(string fullName) => _names.Contains(fullName);

    public bool ContainsBuiltin(string name) => _builtins.Contains(name);
}
