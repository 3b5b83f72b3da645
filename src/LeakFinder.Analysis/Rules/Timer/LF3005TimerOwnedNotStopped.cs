using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Timer;

/// <summary>
/// LF3005: a timer or ticker (time.AfterFunc, time.NewTimer, time.NewTicker) stored straight into an unexported
/// field of a long-lived type (one with a Close, Stop or Shutdown method, or one a New* constructor returns)
/// that nothing in the package ever stops. LF3001 follows tickers held in local variables and counts a store
/// into a field as handing the ticker on; this rule is about that field's owner. Any use of the field it does
/// not follow (handed to a function, copied to a variable, given a timer made elsewhere) silences it: whoever
/// holds the copy may stop it. Docs: docs/rules/LF3005.md.
/// </summary>
public sealed class LF3005TimerOwnedNotStopped : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF3005", "timer-owned-not-stopped", RuleCategory.TimerLeak, Severity.Warning,
        "A timer or ticker held in a field of a long-lived type is never stopped")
    {
        Since = "0.5",
        Summary = "`time.AfterFunc`, `NewTimer` or `NewTicker` stored in a field of a type with a Close/Stop method (or a New* constructor) and never stopped in the package",
    };

    private static readonly Dictionary<string, string> Creators = new(StringComparer.Ordinal)
    {
        ["time.AfterFunc"] = "timer", ["time.NewTimer"] = "timer", ["time.NewTicker"] = "ticker",
    };

    /// <summary>What is known of one timer field: where the package creates timers into it, and whether it
    /// stops it or lets the value go where the rule does not follow.</summary>
    private sealed class Holder(Var field, NamedType owner)
    {
        public Var Field { get; } = field;
        public NamedType Owner { get; } = owner;
        public List<CallExpr> Creations { get; } = [];
        public bool Silenced { get; set; }
    }

    public override void Run(Pass pass)
    {
        var holders = Holders(pass);
        if (holders.Count == 0) return;
        foreach (var file in pass.Files) Classify(pass, file.File, holders);
        foreach (var h in holders.Values.OrderBy(h => h.Field.Pos))
        {
            if (h.Silenced || h.Creations.Count == 0) continue;
            var call = h.Creations[0];
            var creator = Calls.Callee(pass.Info, call)!.FullName;
            var ticking = creator != "time.AfterFunc";
            // From Go 1.23 an unreferenced timer or ticker with a channel is collected, stopped or not: once the
            // owner is dropped after its Close, so is the timer (LF3001's reasoning). An AfterFunc timer is not:
            // it stays in the runtime until it fires, and then runs its function.
            if (ticking && (pass.GoVersionAt(call) is { } v && v >= LF3001TickerNotStopped.CollectedSince)) continue;
            var what = Creators[creator];
            var name = $"{h.Owner.Obj.Name}.{h.Field.Name}";
            var stop = StopMethods.Of(h.Owner);
            var consequence = creator switch
            {
                "time.NewTicker" => "it keeps firing, and before Go 1.23 the runtime never collects a running ticker, so every instance leaks one for the life of the process",
                "time.NewTimer" => "before Go 1.23 it stays in the runtime's timer heap, with its channel, until it fires",
                _ => "it stays in the runtime's timer heap until it fires, keeping everything its function references, and then runs that function anyway",
            };
            var fix = stop != null
                ? $"{h.Owner.Obj.Name}.{stop.Name} does not stop it, so after {stop.Name} {consequence}: call {h.Field.Name}.Stop() in {stop.Name}"
                : $"{h.Owner.Obj.Name} has no Close or Stop method, so {consequence}: give it one that calls {h.Field.Name}.Stop()";
            pass.Report(call,
                $"the {what} from {creator} stored in {name} is never stopped: nothing in package {pass.Package.Name} calls {h.Field.Name}.Stop(); {fix}",
                new RelatedLocation(pass.Span(new Pos(h.Field.Pos), Pos.NoPos), $"{name} is declared here"));
        }
    }

    /// <summary>The unexported, not embedded *time.Timer and *time.Ticker fields of the package's long-lived
    /// struct types, keyed by the field object (what a selector's Sel uses).</summary>
    private static Dictionary<GoObject, Holder> Holders(Pass pass)
    {
        var holders = new Dictionary<GoObject, Holder>(ReferenceEqualityComparer.Instance);
        var constructed = Constructed(pass);
        foreach (var obj in pass.Package.Scope.Names.Values)
        {
            if (obj is not TypeName { IsAlias: false, Type: NamedType { TypeArgs.Count: 0, TypeParams.Count: 0, Underlying: StructType st } t }) continue;
            if (StopMethods.Of(t) == null && !constructed.Contains(t)) continue;
            foreach (var field in st.Fields)
                if (!field.Exported && !field.Embedded && IsTimer(field.Type)) holders[field] = new Holder(field, t);
        }
        return holders;
    }

    /// <summary>The struct types of the package that its New* functions return (behind at most one pointer).</summary>
    private static HashSet<NamedType> Constructed(Pass pass)
    {
        var made = new HashSet<NamedType>(ReferenceEqualityComparer.Instance);
        foreach (var file in pass.Files)
            foreach (var fd in file.File.Decls.OfType<FuncDecl>())
                if (fd.Recv == null && fd.Name.Name.StartsWith("New", StringComparison.Ordinal) && pass.Info.ObjectOf(fd.Name) is Func { Signature: { } sig })
                    foreach (var r in sig.Results.Vars)
                        if ((r.Type is PointerType p ? p.Elem : r.Type) is NamedType { Underlying: StructType } n && ReferenceEquals(n.Obj.Pkg, pass.Package)) made.Add(n);
        return made;
    }

    private static bool IsTimer(GoType t) =>
        t is PointerType { Elem: NamedType { Obj: { Name: "Timer" or "Ticker", Pkg.Path: "time" } } };

    /// <summary>Classifies every mention of every holder: a creation into it, a Stop of it (or, in a stop method, a
    /// Reset that makes it fire now and end), a use that keeps it (its C, Reset elsewhere, a nil test), and anything
    /// else, which stops the rule's following it.</summary>
    private static void Classify(Pass pass, LeakFinder.Syntax.Ast.File file, Dictionary<GoObject, Holder> holders)
    {
        Walker.InspectWithAncestors(file, (n, ancestors) =>
        {
            if (n is Ident id && pass.Info.Uses.TryGetValue(id, out var obj) && holders.TryGetValue(obj, out var h) && !h.Silenced)
            {
                var (use, created) = UseOf(pass, ancestors, id);
                if (use == Use.StopsOrLets) h.Silenced = true;
                else if (created != null) h.Creations.Add(created);
            }
            return true;
        });
    }

    private enum Use { Keeps, StopsOrLets }

    /// <summary>What one mention of a holder does, and the creation it stores when it stores one.</summary>
    private static (Use, CallExpr?) UseOf(Pass pass, IReadOnlyList<Node> ancestors, Ident id)
    {
        var k = ancestors.Count - 1;
        Expr self = id;
        if (k >= 0 && ancestors[k] is KeyValueExpr kvLit && ReferenceEquals(kvLit.Key, id)) return StoredBy(pass, kvLit.Value);
        if (k >= 0 && ancestors[k] is SelectorExpr sel && ReferenceEquals(sel.Sel, id)) self = (Expr)ancestors[k--];
        while (k >= 0 && ancestors[k] is ParenExpr p && ReferenceEquals(p.X, self))
        {
            self = p;
            k--;
        }
        if (k < 0) return (Use.StopsOrLets, null);
        switch (ancestors[k])
        {
            case SelectorExpr m when ReferenceEquals(m.X, self):
                if (m.Sel.Name == "Stop") return (Use.StopsOrLets, null);
                // `t.Reset(0)` in Close makes the timer fire now and end: a handoff to its own function.
                if (m.Sel.Name == "Reset" && ancestors.OfType<FuncDecl>().FirstOrDefault() is { Recv: not null } fd && StopMethods.IsStopName(fd.Name.Name)) return (Use.StopsOrLets, null);
                return (m.Sel.Name is "C" or "Reset" ? Use.Keeps : Use.StopsOrLets, null);
            case AssignStmt a when a.Lhs.Contains(self):
                var i = 0;
                while (!ReferenceEquals(a.Lhs[i], self)) i++;
                return a.Lhs.Count == a.Rhs.Count ? StoredBy(pass, a.Rhs[i]) : (Use.StopsOrLets, null);
            case BinaryExpr { Op: Token.Eql or Token.Neq } b when pass.Info.IsNil(ReferenceEquals(b.X, self) ? b.Y : b.X):
                return (Use.Keeps, null);
            default:
                return (Use.StopsOrLets, null);
        }
    }

    /// <summary>A store of a creation, or of nil (dropping the reference, which a rule about stopping need not
    /// judge); a timer made elsewhere its maker may stop.</summary>
    private static (Use, CallExpr?) StoredBy(Pass pass, Expr value)
    {
        if (pass.Info.IsNil(value)) return (Use.Keeps, null);
        return Expr.Unparen(value) is CallExpr call && Calls.Callee(pass.Info, call)?.FullName is { } name && Creators.ContainsKey(name)
            ? (Use.Keeps, call) : (Use.StopsOrLets, null);
    }
}
