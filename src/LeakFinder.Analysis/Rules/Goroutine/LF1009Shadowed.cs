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
            // Only a cancel kept past the block (stored in a map or field, handed on) is one its author meant for the
            // outer ctx; one only called in the block belongs to the block (a retry loop's per-try timeout).
            if (pass.Info.ObjectOf(k) is not Var innerCancel || !KeptOutside(pass, inner, innerCancel)) return true;
            // After the whole statement holding the block (an if with its else, a loop): the other branch is another path.
            var holder = blocks[^2].List.FirstOrDefault(st => st.Pos().Value <= inner.Pos().Value && st.End().Value >= inner.End().Value);
            if (LaterUse(pass, body, outerCtx, (holder ?? (Node)inner).End().Value) is not { } use) return true;
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

    /// <summary>Whether the block uses f as a value, not only calls it: stored, passed or returned.</summary>
    private static bool KeptOutside(Pass pass, BlockStmt block, Var f)
    {
        var kept = false;
        Walker.InspectWithAncestors(block, (n, ancestors) =>
        {
            if (kept) return false;
            if (n is Ident id && ReferenceEquals(pass.Info.Uses.GetValueOrDefault(id), f)
                && !(ancestors.LastOrDefault() is CallExpr call && ReferenceEquals(call.Fun, id))
                && !(ancestors.LastOrDefault() is AssignStmt asg && asg.Lhs.Any(l => ReferenceEquals(l, id))))
                kept = true;
            return !kept;
        });
        return kept;
    }

    private static Node? LaterUse(Pass pass, BlockStmt body, Var v, int after)
    {
        // The first mention after the block: a read, or an assignment (`ctx, cancel = ...` again), after which the
        // outer ctx holds something else.
        Node? found = null;
        var assigned = false;
        Walker.InspectWithAncestors(body, (n, ancestors) =>
        {
            if (found != null || assigned) return false;
            if (n is Ident id && id.Pos().Value > after && ReferenceEquals(pass.Info.Uses.GetValueOrDefault(id), v))
            {
                if (ancestors.LastOrDefault() is AssignStmt asg && asg.Lhs.Any(l => ReferenceEquals(l, id))) assigned = true;
                else found = id;
            }
            return found == null && !assigned;
        });
        return found;
    }
}
