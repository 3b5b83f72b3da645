using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1005: a function given a context returns an unbuffered channel fed by a goroutine it starts, and that
/// goroutine sends without selecting on the context: the caller, which got the context too, leaves on
/// ctx.Done() (or an error) and stops receiving, and the producer blocks on its next send for ever.
/// Docs: docs/rules/LF1005.md.
/// </summary>
public sealed class LF1005ProducerIgnoresContext : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF1005", "producer-ignores-context", RuleCategory.GoroutineLeak, Severity.Error,
        "A goroutine feeding a returned channel sends without selecting on the context its function was given")
    {
        Since = "0.4",
        Summary = "a goroutine feeding a returned unbuffered channel sends without selecting on the function's `ctx.Done()`",
    };

    public override void Run(Pass pass)
    {
        foreach (var fn in pass.Functions)
        {
            var type = fn.Function switch { FuncDecl d => d.Type, FuncLit l => l.Type, _ => null };
            if (type == null || ContextParam(pass, type) is not { } ctx) continue;
            // The body's own returns and goroutines (a literal is a function of its own, visited as such).
            var returned = new List<Var>();
            var goroutines = new List<FuncLit>();
            Walker.Inspect(fn.Body, n =>
            {
                switch (n)
                {
                    case GoStmt { Call.Fun: FuncLit lit }:
                        goroutines.Add(lit);
                        return false;
                    case FuncLit:
                        return false;
                    case ReturnStmt ret:
                        foreach (var r in ret.Results)
                            if (Expr.Unparen(r) is Ident id && pass.Info.ObjectOf(id) is Var v) returned.Add(v);
                        break;
                }
                return true;
            });
            foreach (var ch in returned.Distinct())
            {
                if (ch.Type.Underlying is not LeakFinder.Semantics.Types.ChanType || Channels.UnbufferedMake(pass, fn.Body, ch) is not { } made) continue;
                foreach (var lit in goroutines)
                {
                    if (SelectsOnDone(pass, lit)) continue;
                    if (BlockingSend(pass, lit.Body, ch) is not { } send) continue;
                    pass.Report(send, $"this goroutine sends on {ch.Name}, which {fn.Name} returns to its caller, without selecting on {ctx.Name}.Done(): once the caller stops receiving "
                        + $"(it leaves on {ctx.Name}.Done() or an error), the send blocks for ever and the goroutine leaks with everything it holds; "
                        + $"select {{ case {ch.Name} <- v: case <-{ctx.Name}.Done(): return }}",
                        new RelatedLocation(pass.Span(made), $"{ch.Name} is made unbuffered here"));
                    break;
                }
            }
        }
    }

    private static Var? ContextParam(Pass pass, FuncType type)
    {
        foreach (var field in type.Params.List)
            foreach (var name in field.Names)
                if (pass.Info.Defs.GetValueOrDefault(name) is Var v && v.Type is NamedType { Obj: { Name: "Context", Pkg.Path: "context" } }) return v;
        return null;
    }

    /// <summary>Whether the goroutine waits on some Done channel anywhere (a ctx, a stop channel's select case
    /// named done): it has a way out we do not judge.</summary>
    private static bool SelectsOnDone(Pass pass, FuncLit lit)
    {
        var found = false;
        Walker.Inspect(lit.Body, n =>
        {
            if (n is SelectStmt) found = true;
            if (n is CallExpr { Fun: SelectorExpr { Sel.Name: "Done" or "Err" } }) found = true;
            return !found;
        });
        return found;
    }

    /// <summary>A send on ch in the goroutine's own statements, outside any select.</summary>
    private static SendStmt? BlockingSend(Pass pass, BlockStmt body, Var ch)
    {
        SendStmt? send = null;
        Walker.Inspect(body, n =>
        {
            if (send != null || n is FuncLit || n is SelectStmt) return false;
            if (n is SendStmt s && Expr.Unparen(s.Chan) is Ident id && ReferenceEquals(pass.Info.ObjectOf(id), ch)) send = s;
            return send == null;
        });
        return send;
    }
}
