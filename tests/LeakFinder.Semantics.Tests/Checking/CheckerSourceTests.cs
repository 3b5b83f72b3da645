using System.Text;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Tests.Checking;

/// <summary>Names and types of a package's own declarations: what the leak rules ask of user code.</summary>
public class CheckerSourceTests
{
    private static CheckedPackage Check(string src)
    {
        var parsed = Parser.ParseFile(new FileSet(), "p.go", Encoding.UTF8.GetBytes(src), ParserMode.ParseComments);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Errors));
        return Checker.Check("example.com/p", [parsed.File], new StdModelImporter(StdApiModel.Default.For(GoVersion.Latest)));
    }

    private static string TypeOfDef(CheckedPackage pkg, string name, int nth = 0) =>
        pkg.Info.Defs.Where(kv => kv.Key.Name == name && kv.Value != null).OrderBy(kv => kv.Key.NamePos.Value).ElementAt(nth).Value!.Type.ToString();

    private static GoObject UseOf(CheckedPackage pkg, string name, int nth = 0) =>
        pkg.Info.Uses.Where(kv => kv.Key.Name == name).OrderBy(kv => kv.Key.NamePos.Value).ElementAt(nth).Value;

    [Fact]
    public void FieldsMethodsAndPromotionThroughEmbedding()
    {
        var pkg = Check("""
            package p

            import "sync"

            type Base struct{ mu sync.Mutex }

            func (b *Base) Lock() { b.mu.Lock() }

            type Server struct {
                Base
                conns map[string]*Conn
            }

            type Conn struct{ id int }

            func (s *Server) Get(k string) *Conn {
                s.Lock()
                c, ok := s.conns[k]
                if !ok {
                    return nil
                }
                id := c.id
                _ = id
                return c
            }
            """);
        Assert.Equal("*example.com/p.Conn", TypeOfDef(pkg, "c"));
        Assert.Equal("bool", TypeOfDef(pkg, "ok"));
        Assert.Equal("int", TypeOfDef(pkg, "id"));
        var lockUse = (Func)UseOf(pkg, "Lock", 1);
        Assert.Equal("(*example.com/p.Base).Lock", lockUse.FullName);
        var muLock = (Func)UseOf(pkg, "Lock", 0);
        Assert.Equal("(*sync.Mutex).Lock", muLock.FullName);
        Assert.IsType<Var>(UseOf(pkg, "conns"));
    }

    [Fact]
    public void ConstantsWithIotaAndTypedConstants()
    {
        var pkg = Check("""
            package p

            type State int

            const (
                Idle State = iota
                Busy
                Done
            )

            const size = 1 << 10

            var buf [size / 2]byte
            var states = [...]string{Idle: "idle", Done: "done"}
            """);
        Assert.Equal("example.com/p.State", TypeOfDef(pkg, "Busy"));
        var done = (Const)pkg.Package.Scope.LookupLocal("Done")!;
        Assert.Equal(2, (int)done.Value.Int);
        Assert.Equal("untyped int", TypeOfDef(pkg, "size"));
        Assert.Equal("[512]byte", TypeOfDef(pkg, "buf"));
        Assert.Equal("[3]string", TypeOfDef(pkg, "states"));
    }

    [Fact]
    public void ClosuresChannelsAndTypeSwitches()
    {
        var pkg = Check("""
            package p

            import "fmt"

            func run(inputs []any) <-chan string {
                out := make(chan string)
                go func() {
                    defer close(out)
                    for i, in := range inputs {
                        switch v := in.(type) {
                        case int:
                            out <- fmt.Sprint(v + i)
                        case string, error:
                            _ = v
                        }
                    }
                }()
                return out
            }

            func drain(ch <-chan string) (n int) {
                for s := range ch {
                    n += len(s)
                }
                select {
                case v, ok := <-ch:
                    _, _ = v, ok
                default:
                }
                return
            }
            """);
        Assert.Equal("chan string", TypeOfDef(pkg, "out"));
        Assert.Equal("int", TypeOfDef(pkg, "i"));
        Assert.Equal("any", TypeOfDef(pkg, "in"));
        var clauseVars = pkg.Info.Implicits.Values.OfType<Var>().Select(v => v.Type.ToString()).ToList();
        Assert.Equal(["int", "any"], clauseVars);
        Assert.Equal("string", TypeOfDef(pkg, "s"));
        Assert.Equal("string", TypeOfDef(pkg, "v")); // the type switch's v is defined per clause (Implicits), not here
        Assert.Equal("bool", TypeOfDef(pkg, "ok"));
    }

    [Fact]
    public void GenericTypesAndTheirMethods()
    {
        var pkg = Check("""
            package p

            type Cache[K comparable, V any] struct {
                items map[K]V
            }

            func (c *Cache[K, V]) Get(k K) (V, bool) {
                v, ok := c.items[k]
                return v, ok
            }

            func New[K comparable, V any]() *Cache[K, V] {
                return &Cache[K, V]{items: map[K]V{}}
            }

            func use() {
                c := New[string, []byte]()
                b, found := c.Get("k")
                _, _ = b, found
            }
            """);
        Assert.Equal("*example.com/p.Cache[string, []byte]", TypeOfDef(pkg, "c", 1));
        Assert.Equal("[]byte", TypeOfDef(pkg, "b"));
        Assert.Equal("bool", TypeOfDef(pkg, "found"));
    }

    [Fact]
    public void DeclarationsMayComeInAnyOrder()
    {
        var pkg = Check("""
            package p

            var total = count(items)

            var items = []Item{{Name: "a"}}

            func count(xs []Item) int { return len(xs) }

            type Item struct{ Name string }
            """);
        Assert.Equal("int", TypeOfDef(pkg, "total"));
        Assert.Equal("[]example.com/p.Item", TypeOfDef(pkg, "items"));
        Assert.IsType<Var>(UseOf(pkg, "Name"));
    }
}
