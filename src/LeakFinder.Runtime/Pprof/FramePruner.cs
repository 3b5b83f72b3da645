using System.Text.RegularExpressions;

namespace LeakFinder.Runtime.Pprof;

/// <summary>
/// pprof's RemoveUninteresting: when a profile names frames to drop (drop_frames, e.g. allocator internals
/// in C++ heap profiles), those frames and everything called from them are cut from every stack, unless
/// keep_frames matches, and never above the first frame that is not dropped (so a stack is never emptied).
/// Go's runtime writes no drop_frames; profiles converted from other tools do.
/// </summary>
public static class FramePruner
{
    public static void RemoveUninteresting(PprofProfile profile)
    {
        if (profile.DropFrames == "") return;
        Regex drop, keep;
        try
        {
            drop = new Regex("^(" + profile.DropFrames + ")$", RegexOptions.CultureInvariant);
            keep = new Regex("^(" + (profile.KeepFrames == "" ? "(?!)" : profile.KeepFrames) + ")$", RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new PprofFormatException($"drop_frames/keep_frames is not a valid regular expression: {e.Message}", e);
        }

        var prune = new HashSet<PprofLocation>();
        var pruneBeneath = new HashSet<PprofLocation>();
        foreach (var location in profile.Locations)
        {
            var i = location.Lines.Length - 1;
            for (; i >= 0; i--)
            {
                if (location.Lines[i].Function is not { Name: not "" } function) continue;
                var name = SimplifyName(function.Name);
                if (drop.IsMatch(name) && !keep.IsMatch(name)) break;
            }
            if (i < 0) continue;
            pruneBeneath.Add(location);
            if (i == location.Lines.Length - 1) prune.Add(location);
            else location.Lines = location.Lines[(i + 1)..];
        }

        foreach (var sample in profile.Samples)
        {
            var foundUser = false;
            for (var i = sample.Locations.Length - 1; i >= 0; i--)
            {
                var location = sample.Locations[i];
                if (!prune.Contains(location) && !pruneBeneath.Contains(location)) { foundUser = true; continue; }
                if (!foundUser) continue;
                sample.Locations = prune.Contains(location) ? sample.Locations[(i + 1)..] : sample.Locations[i..];
                break;
            }
        }
    }

    // C++ symbols may carry argument lists; pprof matches the name before the first '(' except in
    // "(anonymous namespace)" and "operator()".
    private static string SimplifyName(string name)
    {
        name = name.StartsWith('.') ? name[1..] : name;
        var from = 0;
        while (true)
        {
            var paren = name.IndexOf('(', from);
            if (paren < 0) return name;
            if (string.CompareOrdinal(name, paren, "(anonymous namespace)", 0, 21) == 0) { from = paren + 21; continue; }
            if (paren >= 8 && string.CompareOrdinal(name, paren - 8, "operator()", 0, 10) == 0) { from = paren + 2; continue; }
            return name[..paren];
        }
    }
}
