using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Cfg;

/// <summary>
/// Builds a function body's control-flow graph with exactly the block structure of golang.org/x/tools/go/cfg
/// (same blocks, same order, same edges), so that graphs can be compared with go/cfg's in tests and rules
/// written against go/cfg's shape carry over. Function literals inside the body are not entered: each gets
/// its own graph. <paramref name="mayReturn"/> says whether a call statement can return (panic, os.Exit and
/// log.Fatal cannot), which cuts the edges after it.
/// </summary>
public sealed class CfgBuilder
{
    private readonly List<Block> _blocks = [];
    private readonly Func<CallExpr, bool> _mayReturn;
    private readonly Dictionary<string, Ident> _declaredLabels;
    private readonly Dictionary<Ident, LabelBlocks> _labels = new(ReferenceEqualityComparer.Instance);
    private LabelBlocks? _undeclaredLabel;
    private Targets? _targets;
    private Block? _current;

    private sealed class Targets(Targets? tail, Block? @break, Block? @continue = null, Block? fallthrough = null)
    {
        public Targets? Tail { get; } = tail;
        public Block? Break { get; } = @break;
        public Block? Continue { get; } = @continue;
        public Block? Fallthrough { get; } = fallthrough;
    }

    private sealed class LabelBlocks(Block @goto)
    {
        public Block Goto { get; } = @goto;
        public Block? Break { get; set; }
        public Block? Continue { get; set; }
    }

    private CfgBuilder(BlockStmt body, Func<CallExpr, bool> mayReturn, IReadOnlyDictionary<string, Ident>? enclosingLabels, bool mayHaveLabels)
    {
        _mayReturn = mayReturn;
        _declaredLabels = mayHaveLabels ? CollectLabels(body, enclosingLabels) : new Dictionary<string, Ident>(StringComparer.Ordinal);
    }

    /// <param name="enclosingLabels">Labels of the functions enclosing a function literal: go/parser resolves a
    /// goto or break inside the literal to them, and go/cfg keys its label blocks by that resolution.</param>
    /// <param name="mayHaveLabels">False when the body's file has no labeled statement (<see cref="Syntax.Ast.File.HasLabels"/>): no label walk.</param>
    public static ControlFlowGraph Build(BlockStmt body, Func<CallExpr, bool> mayReturn, IReadOnlyDictionary<string, Ident>? enclosingLabels = null, bool mayHaveLabels = true)
    {
        var b = new CfgBuilder(body, mayReturn, enclosingLabels, mayHaveLabels);
        b._current = b.NewBlock("entry", BlockKind.Body, null);
        b.Stmt(body);
        MarkLive(b._blocks[0]);
        // Control falling off the end of the body is an implicit return: make it explicit, as go/cfg does.
        if (b._current is { Live: true } last) last.Add(new ReturnStmt { Return = body.End() - 1 });
        foreach (var block in b._blocks) block.Seal();
        return new ControlFlowGraph(b._blocks.ToArray(), body);
    }

    private static void MarkLive(Block entry)
    {
        var stack = new Stack<Block>();
        stack.Push(entry);
        while (stack.Count > 0)
        {
            var block = stack.Pop();
            if (block.Live) continue;
            block.Live = true;
            var succs = block.Succs;
            for (var i = 0; i < succs.Count; i++) stack.Push(succs[i]);
        }
    }

    private void Stmt(Stmt s)
    {
        LabelBlocks? label = null;
        while (true)
        {
            switch (s)
            {
                case BadStmt or SendStmt or IncDecStmt or GoStmt or DeferStmt or EmptyStmt or AssignStmt:
                    Add(s);
                    return;
                case ExprStmt es:
                    Add(es);
                    if (es.X is CallExpr call && !_mayReturn(call)) _current = NewBlock("unreachable.call", BlockKind.Unreachable, es);
                    return;
                case DeclStmt { Decl: GenDecl { Tok: Token.Var } d }:
                    foreach (var spec in d.Specs)
                        if (spec is ValueSpec vs) Add(vs);
                    return;
                case DeclStmt:
                    return;
                case LabeledStmt ls:
                    label = LabelOf(ls.Label);
                    Jump(label.Goto);
                    _current = label.Goto;
                    s = ls.Stmt;
                    continue; // the labeled statement itself, which may use the label as break/continue target
                case ReturnStmt:
                    Add(s);
                    _current = NewBlock("unreachable.return", BlockKind.Unreachable, s);
                    return;
                case BranchStmt bs:
                    BranchStmt(bs);
                    return;
                case BlockStmt block:
                    StmtList(block.List);
                    return;
                case IfStmt ifs:
                    IfStmt(ifs);
                    return;
                case SwitchStmt sw:
                    SwitchStmt(sw, label);
                    return;
                case TypeSwitchStmt ts:
                    TypeSwitchStmt(ts, label);
                    return;
                case SelectStmt sel:
                    SelectStmt(sel, label);
                    return;
                case ForStmt fs:
                    ForStmt(fs, label);
                    return;
                case RangeStmt rs:
                    RangeStmt(rs, label);
                    return;
                default:
                    // Clause statements only occur inside switch/select bodies, handled there.
                    Add(s);
                    return;
            }
        }
    }

    private void StmtList(NodeList<Stmt> list)
    {
        foreach (var s in list) Stmt(s);
    }

    private void IfStmt(IfStmt s)
    {
        if (s.Init != null) Stmt(s.Init);
        var then = NewBlock("if.then", BlockKind.IfThen, s);
        var done = NewBlock("if.done", BlockKind.IfDone, s);
        var @else = s.Else != null ? NewBlock("if.else", BlockKind.IfElse, s) : done;
        Add(s.Cond);
        IfElse(then, @else);
        _current = then;
        Stmt(s.Body);
        Jump(done);
        if (s.Else != null)
        {
            _current = @else;
            Stmt(s.Else);
            Jump(done);
        }
        _current = done;
    }

    private void BranchStmt(BranchStmt s)
    {
        Block? block = null;
        switch (s.Tok)
        {
            case Token.Break:
                if (s.Label != null) block = LabeledBlock(s.Label).Break;
                else for (var t = _targets; t != null && block == null; t = t.Tail) block = t.Break;
                break;
            case Token.Continue:
                if (s.Label != null) block = LabeledBlock(s.Label).Continue;
                else for (var t = _targets; t != null && block == null; t = t.Tail) block = t.Continue;
                break;
            case Token.Fallthrough:
                for (var t = _targets; t != null && block == null; t = t.Tail) block = t.Fallthrough;
                break;
            case Token.Goto:
                if (s.Label != null) block = LabeledBlock(s.Label).Goto;
                break;
        }
        block ??= NewBlock("undefined.branch", BlockKind.Unreachable, s);
        Jump(block);
        _current = NewBlock("unreachable.branch", BlockKind.Unreachable, s);
    }

    private void SwitchStmt(SwitchStmt s, LabelBlocks? label)
    {
        if (s.Init != null) Stmt(s.Init);
        if (s.Tag != null) Add(s.Tag);
        var done = NewBlock("switch.done", BlockKind.SwitchDone, s);
        if (label != null) label.Break = done;

        NodeList<Stmt>? defaultBody = null;
        Block? defaultFallthrough = null, fallthru = null, defaultBlock = null;
        var ncases = s.Body.List.Count;
        for (var i = 0; i < ncases; i++)
        {
            var clause = s.Body.List[i];
            var body = fallthru ?? NewBlock("switch.body", BlockKind.SwitchCaseBody, clause);
            fallthru = i + 1 < ncases ? NewBlock("switch.body", BlockKind.SwitchCaseBody, s.Body.List[i + 1]) : done;
            if (clause is not CaseClause cc) continue;
            if (cc.List.IsEmpty)
            {
                defaultBody = cc.Body;
                defaultFallthrough = fallthru;
                defaultBlock = body;
                continue;
            }
            Block? nextCond = null;
            foreach (var cond in cc.List)
            {
                nextCond = NewBlock("switch.next", BlockKind.SwitchNextCase, cc);
                Add(cond); // one half of the tag==cond condition
                IfElse(body, nextCond);
                _current = nextCond;
            }
            _current = body;
            _targets = new Targets(_targets, done, fallthrough: fallthru);
            StmtList(cc.Body);
            _targets = _targets.Tail;
            Jump(done);
            _current = nextCond;
        }
        if (defaultBlock != null)
        {
            Jump(defaultBlock);
            _current = defaultBlock;
            _targets = new Targets(_targets, done, fallthrough: defaultFallthrough);
            StmtList(defaultBody!.Value);
            _targets = _targets.Tail;
        }
        Jump(done);
        _current = done;
    }

    private void TypeSwitchStmt(TypeSwitchStmt s, LabelBlocks? label)
    {
        if (s.Init != null) Stmt(s.Init);
        Add(s.Assign);
        var done = NewBlock("typeswitch.done", BlockKind.TypeSwitchDone, s);
        if (label != null) label.Break = done;
        CaseClause? @default = null;
        foreach (var clause in s.Body.List)
        {
            if (clause is not CaseClause cc) continue;
            if (cc.List.IsEmpty)
            {
                @default = cc;
                continue;
            }
            var body = NewBlock("typeswitch.body", BlockKind.TypeSwitchCaseBody, cc);
            Block? next = null;
            foreach (var _ in cc.List)
            {
                next = NewBlock("typeswitch.next", BlockKind.TypeSwitchNextCase, cc);
                IfElse(body, next);
                _current = next;
            }
            _current = body;
            TypeCaseBody(cc, done);
            _current = next;
        }
        if (@default != null) TypeCaseBody(@default, done);
        else Jump(done);
        _current = done;
    }

    private void TypeCaseBody(CaseClause cc, Block done)
    {
        _targets = new Targets(_targets, done);
        StmtList(cc.Body);
        _targets = _targets.Tail;
        Jump(done);
    }

    private void SelectStmt(SelectStmt s, LabelBlocks? label)
    {
        // The communications are evaluated first, in source order, before one case is chosen.
        foreach (var clause in s.Body.List)
            if (clause is CommClause { Comm: { } comm }) Stmt(comm);
        var done = NewBlock("select.done", BlockKind.SelectDone, s);
        if (label != null) label.Break = done;
        NodeList<Stmt>? defaultBody = null;
        foreach (var c in s.Body.List)
        {
            if (c is not CommClause clause) continue;
            if (clause.Comm == null)
            {
                defaultBody = clause.Body;
                continue;
            }
            var body = NewBlock("select.body", BlockKind.SelectCaseBody, clause);
            var next = NewBlock("select.next", BlockKind.SelectAfterCase, clause);
            IfElse(body, next);
            _current = body;
            _targets = new Targets(_targets, done);
            if (clause.Comm is AssignStmt assign) Add(assign.Lhs[0]); // x := <-ch: the assignment happens in the body
            StmtList(clause.Body);
            _targets = _targets.Tail;
            Jump(done);
            _current = next;
        }
        if (defaultBody != null)
        {
            _targets = new Targets(_targets, done);
            StmtList(defaultBody.Value);
            _targets = _targets.Tail;
            Jump(done);
        }
        _current = done;
    }

    private void ForStmt(ForStmt s, LabelBlocks? label)
    {
        if (s.Init != null) Stmt(s.Init);
        var body = NewBlock("for.body", BlockKind.ForBody, s);
        var done = NewBlock("for.done", BlockKind.ForDone, s); // target of break
        var loop = s.Cond != null ? NewBlock("for.loop", BlockKind.ForLoop, s) : body; // target of the back edge
        var cont = s.Post != null ? NewBlock("for.post", BlockKind.ForPost, s) : loop; // target of continue
        if (label != null)
        {
            label.Break = done;
            label.Continue = cont;
        }
        Jump(loop);
        _current = loop;
        if (loop != body)
        {
            Add(s.Cond!);
            IfElse(body, done);
            _current = body;
        }
        _targets = new Targets(_targets, done, cont);
        Stmt(s.Body);
        _targets = _targets.Tail;
        Jump(cont);
        if (s.Post != null)
        {
            _current = cont;
            Stmt(s.Post);
            Jump(loop);
        }
        _current = done;
    }

    private void RangeStmt(RangeStmt s, LabelBlocks? label)
    {
        Add(s.X);
        if (s.Key != null) Add(s.Key);
        if (s.Value != null) Add(s.Value);
        var loop = NewBlock("range.loop", BlockKind.RangeLoop, s);
        Jump(loop);
        _current = loop;
        var body = NewBlock("range.body", BlockKind.RangeBody, s);
        var done = NewBlock("range.done", BlockKind.RangeDone, s);
        IfElse(body, done);
        _current = body;
        if (label != null)
        {
            label.Break = done;
            label.Continue = loop;
        }
        _targets = new Targets(_targets, done, loop);
        Stmt(s.Body);
        _targets = _targets.Tail;
        Jump(loop);
        _current = done;
    }

    // go/cfg keys label blocks by the object go/parser resolves a label to. Every labeled statement declares
    // an object of its own (even a blank or repeated label); a branch resolves by name to the first
    // non-blank declaration in this function or an enclosing one, and all unresolved branches share one entry.
    private LabelBlocks LabelOf(Ident declaration) => LabelBlocksFor(declaration, declaration.Name);

    private LabelBlocks LabeledBlock(Ident reference) =>
        _declaredLabels.TryGetValue(reference.Name, out var declaration)
            ? LabelBlocksFor(declaration, reference.Name)
            : _undeclaredLabel ??= new LabelBlocks(NewBlock(reference.Name, BlockKind.Label, null));

    private LabelBlocks LabelBlocksFor(Ident declaration, string name)
    {
        if (!_labels.TryGetValue(declaration, out var lb))
            _labels[declaration] = lb = new LabelBlocks(NewBlock(name, BlockKind.Label, null));
        return lb;
    }

    /// <summary>
    /// The labels a body declares (the first declaration of each non-blank name), not counting those of
    /// function literals inside it, over the enclosing functions' labels, which they shadow.
    /// </summary>
    public static Dictionary<string, Ident> CollectLabels(BlockStmt body, IReadOnlyDictionary<string, Ident>? enclosing = null)
    {
        var own = new Dictionary<string, Ident>(StringComparer.Ordinal);
        Walker.Inspect(body, n =>
        {
            if (n is LabeledStmt ls && ls.Label.Name != "_") own.TryAdd(ls.Label.Name, ls.Label);
            return n is not FuncLit; // a function literal has labels of its own
        });
        if (enclosing != null)
            foreach (var (name, ident) in enclosing) own.TryAdd(name, ident);
        return own;
    }

    private Block NewBlock(string comment, BlockKind kind, Stmt? stmt)
    {
        var block = new Block(_blocks.Count, comment, kind, stmt);
        _blocks.Add(block);
        return block;
    }

    // After a jump, go/cfg leaves no current block; statements that follow are unreachable and dropped.
    private void Add(Node n) => _current?.Add(n);

    private void Jump(Block target)
    {
        _current?.AddSucc(target);
        _current = null;
    }

    private void IfElse(Block t, Block f)
    {
        if (_current != null)
        {
            _current.AddSucc(t);
            _current.AddSucc(f);
        }
        _current = null;
    }
}
