using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Goroutine;

/// <summary>
/// LF1009's shadowed pair: inside a nested block, `ctx, cancel := context.WithCancel(..)` declares a new ctx and a new
/// cancel, both shadowing a ctx and a cancel the function declared outside the block for this very purpose, and the
/// outer ctx is used after the block (`go c.forward(ctx, ..)`): the cancel kept from the block ends a context nobody
/// uses, and the goroutine's context is never cancelled (etcd's watch with require-leader). A pair meant for the
/// block alone does not shadow an outer cancel, and is left alone.
/// </summary>
public sealed partial class LF1009CancelFieldLost
{
    private static void ShadowedDerivation(Pass pass, BlockStmt body)
    {
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (n is FuncLit) return false;
            if (n is not AssignStmt { Tok: Token.Define, Lhs: [Ident c, Ident k], Rhs: [var rhs] } a || !ContextDerivations.IsDerivation(pass.Info, rhs)) return true;
            // The block the pair is declared in, and the blocks around it up to the body.
            var blocks = ancestors.OfType<BlockStmt>().ToList();
            if (blocks.Count < 2 || !ReferenceEquals(blocks[0], body)) return true;
            var inner = blocks[^1];
            if (OuterVar(pass, blocks[..^1], a, c.Name) is not { } outerCtx || OuterVar(pass, blocks[..^1], a, k.Name) is null) return true;
            if (LaterUse(pass, body, outerCtx, inner.End().Value) is not { } use) return true;
            pass.Report(a,
                $"this := declares a new {c.Name} and a new {k.Name}, shadowing the {c.Name} and {k.Name} declared outside this block: the {k.Name} kept from here ends only this block's {c.Name}, while line {pass.Line(use)} uses the outer {c.Name}, which it never cancels; assign with = instead",
                new RelatedLocation(pass.Span(use), $"the outer {c.Name} is used here"));
            return true;
        });
    }

    /// <summary>A local of that name declared in one of the outer blocks before the statement holding the pair.</summary>
    private static Var? OuterVar(Pass pass, List<BlockStmt> outer, AssignStmt pair, string name)
    {
        foreach (var block in outer)
            foreach (var st in block.List)
            {
                if (st.Pos().Value >= pair.Pos().Value) break;
                IEnumerable<Ident> declared = st switch
                {
                    AssignStmt { Tok: Token.Define } d => d.Lhs.OfType<Ident>(),
                    DeclStmt { Decl: GenDecl { Tok: Token.Var } g } => g.Specs.OfType<ValueSpec>().SelectMany(v => v.Names),
                    _ => [],
                };
                foreach (var id in declared)
                    if (id.Name == name && pass.Info.Defs.GetValueOrDefault(id) is Var v) return v;
            }
        return null;
    }

    private static Node? LaterUse(Pass pass, BlockStmt body, Var v, int after)
    {
        Node? found = null;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (found != null) return false;
            // A read, not an assignment to it (`ctx, cancel = ...` in the other branch).
            if (n is Ident id && id.Pos().Value > after && ReferenceEquals(pass.Info.Uses.GetValueOrDefault(id), v)
                && !(ancestors.LastOrDefault() is AssignStmt asg && asg.Lhs.Any(l => ReferenceEquals(l, id))))
                found = id;
            return found == null;
        });
        return found;
    }
}
