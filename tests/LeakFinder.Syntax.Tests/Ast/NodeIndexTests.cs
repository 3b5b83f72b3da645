using LeakFinder.Syntax.Ast;
using static LeakFinder.Syntax.Tests.Parsing.ParseHelpers;

namespace LeakFinder.Syntax.Tests.Ast;

/// <summary>A walk through the NodeIndex makes the same calls, in the same order, as the Walker walk it replaces.</summary>
public sealed class NodeIndexTests
{
    private const string Source = """
        package p

        import "sync"

        // T is documented: its comment comes before the declaration the walk enters first.
        type T struct {
            mu sync.Mutex
            ch chan int
            m  map[string][]int
        }

        // Run has a receiver, walked before its func keyword's FuncType.
        func (t *T) Run(xs []int, f func(int) int) (n int) {
            t.mu.Lock()
            defer t.mu.Unlock()
            for i, x := range xs {
                go func(v int) { t.ch <- f(v) + xs[i:][0] }(x)
            }
            select {
            case v := <-t.ch:
                n += v
            default:
            }
            p := &T{m: map[string][]int{"a": {1, 2}}}
            _ = p.m["a"][0:1:2]
            var y interface{} = t
            if z, ok := y.(*T); ok && z != nil {
                n = len(z.m) * (n + 1)
            }
            func() { n++ }()
            return
        }

        var g = func() int { return new(T).Run(nil, nil) }()
        """;

    private const NodeKinds All = (NodeKinds)ulong.MaxValue;

    private static (LeakFinder.Syntax.Ast.File File, NodeIndex Index) Indexed()
    {
        var file = ParseOk(Source);
        return (file, new NodeIndex([file]));
    }

    private static List<Node> Nodes(Node root) => All<Node>(root);

    [Fact]
    public void EveryNodeOfAFunctionBodyIsFoundAsARoot()
    {
        var (file, index) = Indexed();
        var bodies = All<BlockStmt>(file);
        Assert.NotEmpty(bodies);
        foreach (var body in bodies)
            foreach (var n in Nodes(body))
                Assert.True(index.Contains(n), $"{n.NodeKind} at {n.Pos().Value}");
    }

    [Fact]
    public void InspectVisitsWhatWalkerVisitsFromEveryRoot()
    {
        var (file, index) = Indexed();
        foreach (var root in Nodes(file))
        {
            var expected = Nodes(root);
            var actual = new List<Node>();
            index.Inspect(root, All, n =>
            {
                actual.Add(n);
                return true;
            });
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void KindsAndPruningMatchAFilteredWalk()
    {
        var (file, index) = Indexed();
        const NodeKinds kinds = NodeKinds.CallExpr | NodeKinds.FuncLit | NodeKinds.Ident | NodeKinds.SendStmt;
        foreach (var root in Nodes(file))
        {
            var expected = new List<Node>();
            Walker.Inspect(root, n =>
            {
                if (n == null || (n.NodeKind & kinds) == 0) return true;
                expected.Add(n);
                return n is not FuncLit;
            });
            var actual = new List<Node>();
            index.Inspect(root, kinds, n =>
            {
                actual.Add(n);
                return n is not FuncLit;
            });
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void LeaveComesWhereWalkerSendsNull()
    {
        var (file, index) = Indexed();
        const NodeKinds kinds = NodeKinds.CallExpr | NodeKinds.ForStmt | NodeKinds.RangeStmt | NodeKinds.FuncLit;
        var expected = new List<string>();
        var open = new Stack<Node?>();
        Walker.Inspect(file, n =>
        {
            if (n == null)
            {
                if (open.Pop() is { } done) expected.Add("leave " + done.Pos().Value + done.NodeKind);
                return false;
            }
            if ((n.NodeKind & kinds) == 0)
            {
                open.Push(null);
                return true;
            }
            expected.Add("enter " + n.Pos().Value + n.NodeKind);
            if (n is FuncLit) return false;
            open.Push(n);
            return true;
        });
        var actual = new List<string>();
        index.Inspect(file, kinds, n =>
        {
            actual.Add("enter " + n.Pos().Value + n.NodeKind);
            return n is not FuncLit;
        }, n => actual.Add("leave " + n.Pos().Value + n.NodeKind));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void AncestorsAreWalkersAncestors()
    {
        var (file, index) = Indexed();
        foreach (var root in All<FuncDecl>(file).Select(d => (Node)d.Body!).Append(file))
        {
            var expected = new List<string>();
            Walker.InspectWithAncestors(root, (n, anc) =>
            {
                if (n is Ident) expected.Add(string.Join(",", anc.Select(a => a.NodeKind)) + " | " + (anc.Count > 0 ? anc[^1].NodeKind : NodeKinds.None));
                return true;
            });
            var actual = new List<string>();
            index.Inspect(root, NodeKinds.Ident, (n, anc) =>
            {
                actual.Add(string.Join(",", anc.ToList().Select(a => a.NodeKind)) + " | " + (anc.Up(1)?.NodeKind ?? NodeKinds.None));
                return true;
            });
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void ARootOutsideTheIndexTakesWalkersWay()
    {
        var (_, index) = Indexed();
        var other = ParseOk(Source);
        Assert.False(index.Contains(other.Decls[^1]));
        var actual = new List<Node>();
        index.Inspect(other, NodeKinds.CallExpr, n =>
        {
            actual.Add(n);
            return true;
        });
        Assert.Equal(All<CallExpr>(other), actual);
        Assert.True(index.Any(other, NodeKinds.SendStmt, _ => true));
        Assert.False(index.Any(other, NodeKinds.SendStmt, _ => true, intoLiterals: false));
    }
}
