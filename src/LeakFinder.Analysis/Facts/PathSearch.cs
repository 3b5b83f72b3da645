using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>What a node means to the value being followed along a path.</summary>
public enum NodeEffect
{
    None,
    /// <summary>Released or handed on (escape): every path through here is fine.</summary>
    Sink,
    /// <summary>The variable gets a new value: the old one is lost.</summary>
    Overwrite,
}

/// <summary>
/// The path search at the heart of "must be released": is there a path in the CFG from just after the
/// acquiring node to a return (or to an overwrite of the variable) that passes no sink? Branches that
/// only run when the acquire failed are cut: `if err != nil` right after `x, err := acquire()` (while err
/// still holds the acquire's error) and `if x == nil`. The false branch of `x.Next()` is cut too when the kind
/// releases itself there (<see cref="ReleaseSpec.ExhaustedBy"/>). Blocks that end without a return (panic,
/// os.Exit, log.Fatal, an endless loop) are no exits.
/// </summary>
public sealed class PathSearch
{
    private readonly ControlFlowGraph _cfg;
    private readonly TypeInfo _info;
    private readonly Func<Block, int, NodeEffect> _effect;
    private ReleaseSpec? _spec;

    /// <param name="effect">What node i of a block does to the value; i = -1 asks about entering the block
    /// (a select case's body, whose communication go/cfg evaluates before the select branches).</param>
    public PathSearch(ControlFlowGraph cfg, TypeInfo info, Func<Block, int, NodeEffect> effect)
    {
        _cfg = cfg;
        _info = info;
        _effect = effect;
    }

    /// <summary>
    /// The first node where the value is lost (a return, or an overwrite), or null when every path releases it.
    /// When the acquire also returns an error, a loss only counts on a path that has established success
    /// (passed the `err == nil` side of a check, or a `x != nil` check): a path that only tested the error
    /// some other way (`if os.IsNotExist(err) { return }`, a retry loop on `os.IsExist(err)`) may be an
    /// error path where there is nothing to release. An err of type bool is an ok result, checked by `if !ok`.
    /// </summary>
    public Node? FindLeak(Block start, int startIndex, GoObject? value, GoObject? err, ReleaseSpec? spec = null)
    {
        var exits = Search(start, startIndex, value, err, spec, firstOnly: true);
        return exits.Count > 0 ? exits[0] : null;
    }

    /// <summary>Every node where the value is lost (each return or overwrite reached unreleased, in the order the
    /// search meets them; the first is <see cref="FindLeak"/>'s), so a report can name every leaking exit.</summary>
    public List<Node> FindLeaks(Block start, int startIndex, GoObject? value, GoObject? err, ReleaseSpec? spec = null) =>
        Search(start, startIndex, value, err, spec, firstOnly: false);

    private List<Node> Search(Block start, int startIndex, GoObject? value, GoObject? err, ReleaseSpec? spec, bool firstOnly)
    {
        _spec = spec;
        var exits = new List<Node>();
        void Found(Node n)
        {
            foreach (var e in exits)
                if (ReferenceEquals(e, n)) return;
            exits.Add(n);
        }
        var branches = BranchFacts.For(_cfg, _info);
        var initial = startIndex >= 0 && startIndex < start.Nodes.Count ? branches.At(start.Nodes[startIndex]) : BranchFacts.State.Empty;
        var visited = new HashSet<(int, bool, bool, string)>();
        var work = new Stack<(Block Block, int From, bool ErrLive, bool Succeeded, BranchFacts.State Facts)>();
        work.Push((start, startIndex + 1, err != null, err == null, initial));
        while (work.Count > 0)
        {
            var (block, from, errLive, succeeded, facts) = work.Pop();
            if (from == 0 && (!visited.Add((block.Index, errLive, succeeded, facts.Signature)) || _effect(block, -1) == NodeEffect.Sink)) continue;
            var stopped = false;
            var nodes = block.Nodes;
            for (var i = from; i < nodes.Count; i++)
            {
                switch (_effect(block, i))
                {
                    case NodeEffect.Sink:
                        stopped = true;
                        break;
                    case NodeEffect.Overwrite:
                        if (succeeded)
                        {
                            Found(nodes[i]);
                            if (firstOnly) return exits;
                        }
                        stopped = true;
                        break;
                }
                if (stopped) break;
                if (errLive && AssignsTo(nodes[i], err!)) errLive = false;
                if (!facts.IsEmpty)
                    foreach (var v in branches.AssignedIn(nodes[i])) facts = facts.Without(v);
                if (branches.EntryOf(nodes[i]) is { } entry) facts = facts.With(entry, entry.Polarity);
            }
            if (stopped) continue;
            if (block.Return is { } ret)
            {
                if (succeeded)
                {
                    Found(ret);
                    if (firstOnly) return exits;
                }
                continue;
            }
            var succs = block.Succs;
            if (succs.Count == 2 && nodes.Count > 0 && nodes[^1] is Expr cond)
            {
                var cut = FailureBranch(cond, value, errLive ? err : null);
                var released = ExhaustedBranch(cond, value);
                // A condition this path has already decided takes only its consistent side.
                var tracked = branches.ConditionOf(cond);
                var decided = tracked != null && facts.ValueOf(tracked.Key) is { } known ? (known == tracked.Polarity ? 1 : 0) : -1;
                for (var s = succs.Count - 1; s >= 0; s--)
                {
                    if (s == cut || s == released || s == decided) continue;
                    var next = tracked != null && decided < 0 ? facts.With(tracked, s == 0 ? tracked.Polarity : !tracked.Polarity) : facts;
                    work.Push((succs[s], 0, errLive, succeeded || cut >= 0, next));
                }
                continue;
            }
            for (var s = succs.Count - 1; s >= 0; s--) work.Push((succs[s], 0, errLive, succeeded, facts));
        }
        return exits;
    }

    /// <summary>Which successor (0 = true, 1 = false) runs only when the acquire failed, or -1. An err of type bool is
    /// the acquire's ok result: `if !ok` fails on its true side, `if ok` on its false one.</summary>
    private int FailureBranch(Expr cond, GoObject? value, GoObject? err)
    {
        if (err?.Type.Underlying is BasicType { Kind: BasicKind.Bool })
        {
            var e = Expr.Unparen(cond);
            var negated = false;
            while (e is UnaryExpr { Op: Token.Not } not)
            {
                negated = !negated;
                e = Expr.Unparen(not.X);
            }
            return e is Ident ok && ReferenceEquals(_info.ObjectOf(ok), err) ? (negated ? 0 : 1) : -1;
        }
        if (Expr.Unparen(cond) is not BinaryExpr { Op: Token.Neq or Token.Eql } b) return -1;
        var (x, y) = (Expr.Unparen(b.X), Expr.Unparen(b.Y));
        if (IsNil(x)) (x, y) = (y, x);
        // `if resp.Body != nil { resp.Body.Close() }`: a nil body has nothing to close.
        if (_spec?.HandleField is { } hf && x is SelectorExpr hs && hs.Sel.Name == hf) x = Expr.Unparen(hs.X);
        if (!IsNil(y) || x is not Ident id) return -1;
        var obj = _info.ObjectOf(id);
        if (obj == null) return -1;
        if (err != null && ReferenceEquals(obj, err)) return b.Op == Token.Neq ? 0 : 1;
        if (value != null && ReferenceEquals(obj, value)) return b.Op == Token.Eql ? 0 : 1;
        return -1;
    }

    /// <summary>Which successor (0 = true, 1 = false) runs only after `value.Next()` returned false and so
    /// released the value (`for rows.Next()`, `if !rows.Next()`), or -1.</summary>
    private int ExhaustedBranch(Expr cond, GoObject? value)
    {
        if (value == null || _spec?.ExhaustedBy is not { } method) return -1;
        var e = Expr.Unparen(cond);
        var negated = false;
        while (e is UnaryExpr { Op: Token.Not } not)
        {
            negated = !negated;
            e = Expr.Unparen(not.X);
        }
        if (e is not CallExpr { Args.Count: 0 } call || Expr.Unparen(call.Fun) is not SelectorExpr sel || sel.Sel.Name != method
            || Expr.Unparen(sel.X) is not Ident id || !ReferenceEquals(_info.ObjectOf(id), value)) return -1;
        return negated ? 0 : 1;
    }

    private bool IsNil(Expr e) => e is Ident id && _info.ObjectOf(id) is Nil;

    private bool AssignsTo(Node n, GoObject v)
    {
        if (n is not AssignStmt a) return false;
        foreach (var l in a.Lhs)
            if (Expr.Unparen(l) is Ident id && ReferenceEquals(_info.ObjectOf(id), v)) return true;
        return false;
    }
}
