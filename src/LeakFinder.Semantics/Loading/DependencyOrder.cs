namespace LeakFinder.Semantics.Loading;

/// <summary>Orders packages so that every package comes after the packages it imports (deterministically), reporting cycles.</summary>
internal static class DependencyOrder
{
    public static (List<LoadedPackage> Order, List<IReadOnlyList<string>> Cycles) Sort(IEnumerable<LoadedPackage> packages)
    {
        var all = packages.OrderBy(p => p.ImportPath, StringComparer.Ordinal).ToList();
        var state = new Dictionary<LoadedPackage, int>(ReferenceEqualityComparer.Instance); // 1 visiting, 2 done
        var order = new List<LoadedPackage>(all.Count);
        var cycles = new List<IReadOnlyList<string>>();
        var seenCycles = new HashSet<string>(StringComparer.Ordinal);
        var stack = new List<LoadedPackage>();

        // Iterative depth-first search: the std graph is deep enough that recursion is worth avoiding.
        foreach (var start in all)
        {
            if (state.ContainsKey(start)) continue;
            var work = new Stack<(LoadedPackage Pkg, int Next)>();
            work.Push((start, 0));
            state[start] = 1;
            stack.Add(start);
            while (work.Count > 0)
            {
                var (pkg, next) = work.Pop();
                if (next < pkg.Imports.Count)
                {
                    work.Push((pkg, next + 1));
                    var dep = pkg.Imports[next].Package;
                    if (dep == null) continue;
                    if (!state.TryGetValue(dep, out var s))
                    {
                        state[dep] = 1;
                        stack.Add(dep);
                        work.Push((dep, 0));
                    }
                    else if (s == 1)
                    {
                        var cycle = stack.Skip(stack.IndexOf(dep)).Select(p => p.ImportPath).ToList();
                        if (seenCycles.Add(Canonical(cycle))) cycles.Add(cycle);
                    }
                    continue;
                }
                state[pkg] = 2;
                stack.RemoveAt(stack.Count - 1);
                order.Add(pkg);
            }
        }
        return (order, cycles);
    }

    // The same cycle found from another entry point is a rotation of it.
    private static string Canonical(List<string> cycle)
    {
        var min = 0;
        for (var i = 1; i < cycle.Count; i++)
            if (string.CompareOrdinal(cycle[i], cycle[min]) < 0) min = i;
        return string.Join(" ", cycle.Skip(min).Concat(cycle.Take(min)));
    }
}
