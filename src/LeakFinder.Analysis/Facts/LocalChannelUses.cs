using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>How a function uses a channel it keeps in a local: its sends, its receives (`&lt;-ch`, `for range ch`),
/// whether it closes it, and whether the channel escapes (passed, stored, returned, assigned to another variable),
/// after which others may send, receive or close it. Rules that reason about who can be at the other end of a local
/// channel ask this first.</summary>
internal sealed class LocalChannelUses
{
    public List<SendStmt> Sends { get; } = [];
    /// <summary>The receive expressions and range statements.</summary>
    public List<Node> Receives { get; } = [];
    public bool Closed { get; private set; }
    public bool Escapes { get; private set; }

    /// <summary>The uses of ch in body (its own definitions and assignments, len, cap and comparisons are no uses).</summary>
    public static LocalChannelUses Of(TypeInfo info, BlockStmt body, Var ch)
    {
        var uses = new LocalChannelUses();
        info.Nodes.Inspect(body, NodeKinds.Ident, (n, ancestors) =>
        {
            if (n is not Ident id || !ReferenceEquals(info.ObjectOf(id), ch)) return true;
            switch (ancestors.Up(1))
            {
                case SendStmt s when ReferenceEquals(s.Chan, id):
                    uses.Sends.Add(s);
                    break;
                case UnaryExpr { Op: Token.Arrow } u:
                    uses.Receives.Add(u);
                    break;
                case RangeStmt r when ReferenceEquals(r.X, id):
                    uses.Receives.Add(r);
                    break;
                case CallExpr c when Calls.BuiltinName(info, c) == "close":
                    uses.Closed = true;
                    break;
                case AssignStmt a when a.Lhs.Any(l => ReferenceEquals(l, id)):
                case ValueSpec vs when vs.Names.Any(name => ReferenceEquals(name, id)):
                case CallExpr c when Calls.BuiltinName(info, c) is "len" or "cap":
                case BinaryExpr { Op: Token.Eql or Token.Neq }:
                    break;
                default:
                    uses.Escapes = true; // passed, stored, returned: others may serve or buffer it
                    break;
            }
            return true;
        });
        return uses;
    }
}
