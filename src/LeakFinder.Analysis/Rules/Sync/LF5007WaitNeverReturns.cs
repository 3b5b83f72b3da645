using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5007, two more ways a Wait never returns, both in one function that counts and starts its goroutines:
/// a goroutine counted by the group calls its Wait before its own Done (it waits for itself), and an `Add(n)`
/// with a constant n larger than the goroutines started after it that call Done, when nothing else calls Done
/// or Add on that group (`wg.Add(2)` and one goroutine).
/// </summary>
public sealed partial class LF5007WaitGroupDoneMissed
{
    private static void CheckWaitNeverReturns(Pass pass, FunctionBody creator)
    {
        // The creator's own statements: constant Adds and go statements of literals, in order, outside loops.
        var adds = new List<(string Key, CallExpr Call, long Count)>();
        var goroutines = new List<FuncLit>();
        // One walk, outside function literals, that knows the loop around each node.
        Loops.Walk(creator.Body, (n, loop) =>
        {
            switch (n)
            {
                case CallExpr { Args: [var count] } call when WaitGroups.Call(pass, call, "Add") is { } g
                                                             && pass.Info.Types.TryGetValue(count, out var tv) && tv.Value?.AsInt is { } k && k >= 0 && k < 1 << 20:
                    adds.Add((g.Key, call, loop != null ? -1 : (long)k));
                    break;
                case GoStmt { Call.Fun: FuncLit lit } when loop == null:
                    goroutines.Add(lit);
                    break;
            }
        });
        if (adds.Count == 0) return;
        foreach (var key in adds.Select(a => a.Key).Distinct())
        {
            var counted = goroutines.Where(lit => adds.Any(a => a.Key == key && a.Call.End().Value <= lit.Pos().Value)).ToList();
            // Counted: it calls Done on the group itself (a closer goroutine that only waits is not counted).
            foreach (var lit in counted)
                if (Walker.Any(lit.Body, x => x is CallExpr d && WaitGroups.Call(pass, d, "Done")?.Key == key, intoLiterals: false) && WaitBeforeDone(pass, lit, key) is { } wait)
                    pass.Report(wait, $"this goroutine is counted by {Text(key)} (Add before it starts) and waits for it before its own Done: Wait returns only once every counted goroutine has called Done, this one included, so it waits for itself for ever, and so does every other Wait on {Text(key)}; wait outside the goroutines the group counts",
                        new RelatedLocation(pass.Span(adds.First(a => a.Key == key).Call), "the Add that counts it"));
            CheckAddCount(pass, creator, key, adds.Where(a => a.Key == key).ToList(), goroutines);
        }
    }

    /// <summary>`wg.Add(n)` once, n constant, and fewer goroutines after it that call Done, with no other Done or Add
    /// on the group in the creator or anywhere it goes: the count never reaches zero.</summary>
    private static void CheckAddCount(Pass pass, FunctionBody creator, string key, List<(string Key, CallExpr Call, long Count)> adds, List<FuncLit> goroutines)
    {
        if (adds is not [var add] || add.Count < 2) return;
        var doners = 0;
        var ok = true;
        CallExpr? wait = null;
        Walker.Inspect(creator.Body, n =>
        {
            if (!ok) return false;
            if (n is GoStmt { Call.Fun: FuncLit lit } && goroutines.Contains(lit) && lit.Pos().Value > add.Call.End().Value)
            {
                var dones = 0;
                Walker.Inspect(lit.Body, x =>
                {
                    if (x is CallExpr c && WaitGroups.Call(pass, c, "Done")?.Key == key) dones++;
                    return true;
                });
                if (dones > 1 || Walker.Any(lit.Body, x => x is GoStmt || x is CallExpr c2 && WaitGroups.Call(pass, c2, "Add")?.Key == key)) ok = false;
                else if (dones == 1 && DoneOnEveryPath(pass, lit, key)) doners++;
                else if (dones == 1) ok = false;
                return false;
            }
            if (n is GoStmt) { ok = false; return false; } // a goroutine we do not count (a function, one in a loop)
            if (n is CallExpr c && WaitGroups.Call(pass, c, "Done")?.Key == key) ok = false;
            if (n is CallExpr w && WaitGroups.Call(pass, w, "Wait")?.Key == key) wait ??= w;
            // The group handed on (`&wg`, a function value, a call argument) may be counted down elsewhere.
            if (n is UnaryExpr { Op: Token.And } u && FieldPath.Of(pass, u.X)?.Key == key) ok = false;
            return true;
        });
        if (!ok || wait == null || doners >= add.Count) return;
        pass.Report(wait, $"{Text(key)} is counted up by {add.Count} (line {pass.Line(add.Call)}) but only {doners} goroutine{(doners == 1 ? "" : "s")} started after that call{(doners == 1 ? "s" : "")} Done, and nothing else does: the counter never reaches zero, so this Wait blocks for ever; Add once per goroutine you start (wg.Add(1) before each go statement)",
            new RelatedLocation(pass.Span(add.Call), $"counts {add.Count}"));
    }

    /// <summary>The goroutine's Done is deferred at its top, or its last statement: it runs on every path.</summary>
    private static bool DoneOnEveryPath(Pass pass, FuncLit lit, string key) =>
        lit.Body.List.Any(st => st is DeferStmt d && WaitGroups.Call(pass, d.Call, "Done")?.Key == key)
        || lit.Body.List.Count > 0 && lit.Body.List[^1] is ExprStmt { X: CallExpr last } && WaitGroups.Call(pass, last, "Done")?.Key == key
           && !Walker.Any(lit.Body, x => x is ReturnStmt, intoLiterals: false);

    /// <summary>A Wait on the group in the goroutine's own statements before any Done it calls (a deferred Done runs last).</summary>
    private static CallExpr? WaitBeforeDone(Pass pass, FuncLit lit, string key)
    {
        CallExpr? wait = null;
        var done = false;
        Walker.Inspect(lit.Body, n =>
        {
            if (wait != null || done || n is FuncLit || n is GoStmt) return false;
            if (n is DeferStmt) return false;
            if (n is CallExpr c && WaitGroups.Call(pass, c, "Done")?.Key == key) done = true;
            else if (n is CallExpr w && WaitGroups.Call(pass, w, "Wait")?.Key == key) wait = w;
            return wait == null && !done;
        });
        return wait;
    }

    private static string Text(string key) => key[(key.IndexOf(':') + 1)..];
}
