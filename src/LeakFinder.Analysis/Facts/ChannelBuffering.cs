using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>The capacity of each channel class (Type.field) every make of which in the package has a constant
/// capacity, the largest when they differ: `s.ch = make(chan T)` (0), `&amp;S{out: make(chan T, 16)}`. A class made
/// nowhere in the package, or anywhere with a computed capacity, is unknown and left out.</summary>
internal static class ChannelBuffering
{
    /// <summary>A class made everywhere with a buffer whose size a caller gives (`make(chan T, size)`, size a parameter
    /// or local), when asked for (<see cref="Capacities"/>' computedBuffers): buffered, of a size not known.</summary>
    public const int ComputedBuffer = -1;

    /// <param name="computedBuffers">Whether a class every make gives a size its caller passes (a parameter or local)
    /// counts as <see cref="ComputedBuffer"/> instead of unknown (such a size may be anything, zero included, but the
    /// channel then fills like any buffer: what a wait on a full buffer needs).</param>
    public static IReadOnlyDictionary<string, int> Capacities(TypeInfo info, IReadOnlyList<FunctionBody> functions, bool computedBuffers = false) =>
        Capacities(info, functions, computedBuffers, null);

    /// <summary>As <see cref="Capacities(TypeInfo, IReadOnlyList{FunctionBody}, bool)"/>, also following what a field is given
    /// through a local and a parameter: a local the storing function makes once (`l := make(chan M)`, then
    /// `&amp;sub{ch: l}`) is that make, and a parameter of a declared function (`watch(id, ch)` storing
    /// `&amp;watcher{ch: ch}`) gives what every call of it in the package passes, each a make or a local its caller
    /// makes once. A field given such a parameter is added to <paramref name="brought"/>: its callers keep the channel
    /// (their goroutines are its consumers). A parameter of a function called with anything else, or named other than
    /// in a call, says nothing, as an unresolved local does.</summary>
    public static IReadOnlyDictionary<string, int> Capacities(TypeInfo info, IReadOnlyList<FunctionBody> functions, bool computedBuffers, HashSet<string>? brought)
    {
        var capacities = new Dictionary<string, int>(StringComparer.Ordinal);
        // Classes some make gives a computed size: one a caller gives, or any other (a constant size goes to capacities).
        var callerSized = new HashSet<string>(StringComparer.Ordinal);
        var otherComputed = new HashSet<string>(StringComparer.Ordinal);
        var follow = brought != null;
        var byParameter = new List<(string Class, Func Callee, int Index)>();
        bool MakesChannel(Expr value) => ChannelMakes.IsMake(info, value) || follow && Expr.Unparen(value) is Ident && info.TypeOf(value)?.Underlying is Semantics.Types.ChanType;
        void Made(string cls, Expr value)
        {
            if (ChannelMakes.Capacity(info, value) is { } c) capacities[cls] = Math.Max(c, capacities.GetValueOrDefault(cls));
            // Only a size a caller gives (`make(chan T, size)` with size a parameter or local) is a buffer of
            // unknown size; a package variable or a computed expression may be sized never to fill
            // (database/sql's openerCh of 1,000,000), and stays unknown.
            else if (((CallExpr)Expr.Unparen(value)).Args is [_, var size] && Expr.Unparen(size) is Ident sizeId
                && info.ObjectOf(sizeId) is Var { IsField: false } sizeVar && !LockPaths.IsGlobal(sizeVar)) callerSized.Add(cls);
            else otherComputed.Add(cls);
        }
        void Given(FunctionBody fn, string? cls, Expr value)
        {
            if (cls == null) return;
            if (Expr.Unparen(value) is not Ident local)
            {
                Made(cls, value);
                return;
            }
            if (info.ObjectOf(local) is not Var { IsField: false } v || LockPaths.IsGlobal(v)) return;
            if (ChannelFieldAliases.ParameterIndex(info, fn, v) is var (callee, index)) byParameter.Add((cls, callee, index));
            else if (MadeLocally(info, fn.Body, value) is { } made) Made(cls, made);
        }
        // The value first: naming the target (a string per path) is only worth it for a make(chan).
        FieldValues.ForEach(info, functions, MakesChannel, (fn, cls, _, value, _) => Given(fn, cls, value));
        var callsOf = byParameter.Count > 0
            ? ChannelFieldAliases.CallsOf(info, functions, new HashSet<Func>(byParameter.Select(p => p.Callee), ReferenceEqualityComparer.Instance))
            : null;
        if (callsOf != null)
            foreach (var (cls, callee, index) in byParameter)
            {
                if (callsOf.GetValueOrDefault(callee) is not { Count: > 0 } calls) continue;
                var made = calls.Select(c => index < c.Call.Args.Count && !c.Call.Ellipsis.IsValid ? MadeLocally(info, c.Caller.Body, c.Call.Args[index]) : null).ToList();
                if (made.Any(m => m == null)) continue;
                foreach (var m in made) Made(cls, m!);
                brought!.Add(cls);
            }
        // A class with any computed size is unknown, unless asked for and every make of it is caller-sized.
        foreach (var cls in callerSized.Union(otherComputed))
            if (computedBuffers && callerSized.Contains(cls) && !otherComputed.Contains(cls) && !capacities.ContainsKey(cls)) capacities[cls] = ComputedBuffer;
            else capacities.Remove(cls);
        return capacities;
    }

    /// <summary>A make right there, or the make a local of the body is given once (its address never taken); null otherwise.</summary>
    private static Expr? MadeLocally(TypeInfo info, BlockStmt body, Expr value)
    {
        if (ChannelMakes.IsMake(info, value)) return value;
        return Expr.Unparen(value) is Ident id && info.ObjectOf(id) is Var { IsField: false } v && !LockPaths.IsGlobal(v)
            && LocalValues.Of(info, body, v) is { Paired: { } made, AddressTaken: false } && ChannelMakes.IsMake(info, made) ? made : null;
    }
}
