using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5011: a function copies a struct that holds a mutex by value (`cp := *s`) while it holds that mutex (`s.mu.RLock();
/// defer s.mu.RUnlock()`): the copy's mutex is born locked (or with a reader that never leaves), and nothing will
/// ever unlock it. When the copy goes on to be used (returned, or locked here), its first Lock waits for ever.
/// go vet's copylocks flags every such copy; this rule reports the ones that deadlock. Docs: docs/rules/LF5011.md.
/// </summary>
public sealed class LF5011LockedCopy : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5011", "locked-mutex-copied", RuleCategory.Deadlock, Severity.Error,
        "A struct is copied with its mutex while that mutex is held, and the copy is used")
    {
        Since = "1.2",
        Summary = "`cp := *s` while `s.mu` is locked or read-locked, the copy returned or locked: its mutex never unlocks",
    };

    public override void Run(Pass pass)
    {
        if (!pass.UsesFunction("(*sync.Mutex).Lock") && !pass.UsesFunction("(*sync.RWMutex).Lock") && !pass.UsesFunction("(*sync.RWMutex).RLock")) return;
        foreach (var fn in pass.Functions)
        {
            // Mutexes locked at the function's top level and not yet unlocked by a plain call (a deferred unlock keeps
            // them held to the return).
            var held = new Dictionary<string, (CallExpr At, string How)>(StringComparer.Ordinal);
            foreach (var stmt in fn.Body.List)
            {
                if (stmt is ExprStmt { X: CallExpr call } && Calls.Callee(pass.Info, call) is { } f && Expr.Unparen(call.Fun) is SelectorExpr sel
                    && FieldPath.Of(pass, sel.X) is { } path)
                {
                    switch (f.FullName)
                    {
                        case "(*sync.Mutex).Lock" or "(*sync.RWMutex).Lock": held[path.Key] = (call, "locked"); break;
                        case "(*sync.RWMutex).RLock": held[path.Key] = (call, "read-locked"); break;
                        case "(*sync.Mutex).Unlock" or "(*sync.RWMutex).Unlock" or "(*sync.RWMutex).RUnlock": held.Remove(path.Key); break;
                    }
                    continue;
                }
                if (held.Count == 0 || stmt is not AssignStmt { Tok: Token.Define, Lhs: [Ident id], Rhs: [var rhs] } || pass.Info.Defs.GetValueOrDefault(id) is not Var copy) continue;
                if (Expr.Unparen(rhs) is not StarExpr { X: var source } || FieldPath.Of(pass, source) is not { } from) continue;
                if (pass.Info.TypeOf(rhs)?.Underlying is not Semantics.Types.StructType st) continue;
                foreach (var field in st.Fields)
                {
                    if (!IsMutex(field.Type) || !held.TryGetValue(from.Key + "." + field.Name, out var h)) continue;
                    if (CopyUsed(pass, fn.Body, copy) is not { } use) continue;
                    pass.Report(rhs,
                        $"this copies {from.Text} with its mutex {field.Name} while {from.Text}.{field.Name} is {h.How} (line {pass.Line(h.At)}): the copy's {field.Name} starts {h.How} and nothing will ever unlock it, so the copy's first Lock waits for ever; build the copy field by field (or copy the fields that need it under the lock)",
                        new RelatedLocation(pass.Span(h.At), $"{from.Text}.{field.Name} is {h.How} here"),
                        new RelatedLocation(pass.Span(use), $"the copy {copy.Name} goes on to be used here"));
                    break;
                }
            }
        }
    }

    private static bool IsMutex(GoType t) => t is NamedType { Obj: { Pkg.Path: "sync", Name: "Mutex" or "RWMutex" } };

    /// <summary>Where the copy outlives the statement with its mutex: returned (`return &amp;cp`, `return cp`), or its
    /// mutex locked here (`cp.mu.Lock()`); null when it is only read.</summary>
    private static Node? CopyUsed(Pass pass, BlockStmt body, Var copy)
    {
        Node? use = null;
        Walker.Inspect(body, n =>
        {
            if (use != null) return false;
            bool IsCopy(Expr e) => Expr.Unparen(e) is Ident i && ReferenceEquals(pass.Info.ObjectOf(i), copy)
                                   || Expr.Unparen(e) is UnaryExpr { Op: Token.And, X: var x } && Expr.Unparen(x) is Ident j && ReferenceEquals(pass.Info.ObjectOf(j), copy);
            if (n is ReturnStmt ret && ret.Results.Any(IsCopy)) use = ret;
            if (n is CallExpr { Fun: SelectorExpr { Sel.Name: "Lock" or "RLock", X: SelectorExpr { X: var owner } } } c && IsCopy(owner)) use = c;
            return use == null;
        });
        return use;
    }
}
