using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Cfg;

/// <summary>Why a block exists, as the newer golang.org/x/tools/go/cfg names it (BlockKind).</summary>
public enum BlockKind
{
    Invalid,
    Unreachable,
    Body,
    Label,
    IfThen, IfElse, IfDone,
    SwitchCaseBody, SwitchDone, SwitchNextCase,
    TypeSwitchCaseBody, TypeSwitchDone, TypeSwitchNextCase,
    SelectCaseBody, SelectDone, SelectAfterCase,
    ForBody, ForDone, ForLoop, ForPost,
    RangeBody, RangeDone, RangeLoop,
}

/// <summary>
/// A basic block: nodes (statements, expressions and ValueSpecs) evaluated in sequence, and 0-2 successors:
/// none for a return block or a call that never returns, one for a jump, two for a condition (true first).
/// Nodes and successors are exact-sized arrays once the graph is built: a package's graphs are all held while
/// its rules run, and a list each (with the spare room of its doubling) was a third of a graph's memory.
/// </summary>
public sealed class Block
{
    private Node[] _nodes = [];
    private int _nodeCount;
    private Block[] _succs = [];

    internal Block(int index, string comment, BlockKind kind, Stmt? stmt)
    {
        Index = index;
        Comment = comment;
        Kind = kind;
        Stmt = stmt;
    }

    public int Index { get; }
    /// <summary>go/cfg's debugging comment ("if.then", "for.body", a label's name, ...), printed by Format.</summary>
    public string Comment { get; }
    public BlockKind Kind { get; }
    /// <summary>The statement that gave rise to the block (the if, for, switch, ...), when there is one.</summary>
    public Stmt? Stmt { get; }
    /// <summary>Reachable from the entry block.</summary>
    public bool Live { get; internal set; }
    public IReadOnlyList<Node> Nodes => _nodes;
    public IReadOnlyList<Block> Succs => _succs;

    /// <summary>The return statement ending the block, if any (explicit, or the implicit one at the body's end).</summary>
    public ReturnStmt? Return => _nodeCount > 0 ? _nodes[_nodeCount - 1] as ReturnStmt : null;

    internal void Add(Node n)
    {
        if (_nodeCount == _nodes.Length) Array.Resize(ref _nodes, Math.Max(4, _nodes.Length * 2));
        _nodes[_nodeCount++] = n;
    }

    // At most two, added once each: a new array per edge costs less than a list's spare room.
    internal void AddSucc(Block b) => _succs = [.. _succs, b];

    /// <summary>Drops the spare room of the node array: the graph is complete.</summary>
    internal void Seal()
    {
        if (_nodeCount < _nodes.Length) Array.Resize(ref _nodes, _nodeCount);
    }

    public override string ToString() => $"block {Index} ({Comment})";
}

/// <summary>The control-flow graph of one function body; Blocks[0] is the entry, and there may be several returns.</summary>
public sealed class ControlFlowGraph(IReadOnlyList<Block> blocks, BlockStmt body)
{
    public IReadOnlyList<Block> Blocks { get; } = blocks;
    public BlockStmt Body { get; } = body;
    public Block Entry => Blocks[0];

    /// <summary>Where a statement is a node of a live block: the block and its index there; null when it is not
    /// (unreachable code, or no statement-level node).</summary>
    public (Block Block, int Index)? Find(Node node)
    {
        foreach (var (block, i, n) in LiveNodes())
            if (ReferenceEquals(n, node)) return (block, i);
        return null;
    }

    /// <summary>Every node of the blocks reachable from the entry, with its block and index, in block order:
    /// what the rules scan for the statements that matter to them.</summary>
    public IEnumerable<(Block Block, int Index, Node Node)> LiveNodes()
    {
        // Indexed: foreach over the IReadOnlyList allocated an enumerator besides the iterator, per call.
        for (var b = 0; b < Blocks.Count; b++)
        {
            var block = Blocks[b];
            if (!block.Live) continue;
            for (var i = 0; i < block.Nodes.Count; i++) yield return (block, i, block.Nodes[i]);
        }
    }
}
