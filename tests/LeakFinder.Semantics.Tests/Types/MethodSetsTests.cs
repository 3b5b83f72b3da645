using System.Text;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.StdApi;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Tests.Types;

/// <summary>Interface satisfaction as the spec defines it (what go/types' Implements answers), on a package whose
/// types cover the cases that decide it: pointer and value receivers, promotion through embedded values and
/// pointers, signatures that differ only in a parameter, std interfaces, and one interface implementing another.</summary>
public class MethodSetsTests
{
    private const string Source = """
        package app

        import (
            "fmt"
            "io"
        )

        type Sink interface {
            Events() <-chan int
            Close() error
        }

        type valueSink struct{ ch chan int }

        func (s valueSink) Events() <-chan int { return s.ch }
        func (s valueSink) Close() error       { return nil }

        type pointerSink struct{ ch chan int }

        func (s *pointerSink) Events() <-chan int { return s.ch }
        func (s *pointerSink) Close() error       { return nil }

        type halfSink struct{ ch chan int }

        func (s halfSink) Events() <-chan int { return s.ch }
        func (s *halfSink) Close() error      { return nil }

        type wrongSink struct{ ch chan int }

        func (s *wrongSink) Events() chan int { return s.ch }
        func (s *wrongSink) Close() error     { return nil }

        type embedsValue struct{ valueSink }
        type embedsPointerByValue struct{ pointerSink }
        type embedsPointer struct{ *pointerSink }

        type writer struct{}

        func (writer) Write(p []byte) (int, error) { return len(p), nil }
        func (writer) String() string              { return "w" }

        type failure struct{}

        func (*failure) Error() string { return "failed" }

        type ReadSink interface {
            Sink
            Read() int
        }

        var stdWriter io.Writer
        var stdReader io.Reader
        var stdStringer fmt.Stringer
        """;

    private static readonly CheckedPackage Pkg = Check();

    private static CheckedPackage Check()
    {
        var parsed = Parser.ParseFile(new FileSet(), "app.go", Encoding.UTF8.GetBytes(Source), ParserMode.ParseComments);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Errors));
        return Checker.Check("example.com/app", [parsed.File], new StdModelImporter(StdApiModel.Default.For(new GoVersion(1, 21))));
    }

    private static NamedType Named(string name) => (NamedType)Pkg.Package.Scope.Lookup(name)!.Type;

    private static InterfaceType Iface(string name) => (InterfaceType)Named(name).Underlying;

    /// <summary>The std interface a package variable is declared with.</summary>
    private static InterfaceType StdIface(string variable) => (InterfaceType)Pkg.Package.Scope.Lookup(variable)!.Type.Underlying;

    [Theory]
    [InlineData("valueSink", true, true)]
    [InlineData("pointerSink", false, true)]
    [InlineData("halfSink", false, true)]
    [InlineData("wrongSink", false, false)]
    [InlineData("embedsValue", true, true)]
    [InlineData("embedsPointerByValue", false, true)]
    [InlineData("embedsPointer", true, true)]
    [InlineData("writer", false, false)]
    public void ValueAndPointerMethodSetsDecideSatisfaction(string type, bool value, bool pointer)
    {
        Assert.Equal(value, MethodSets.Implements(Named(type), Iface("Sink")));
        Assert.Equal(pointer, MethodSets.Implements(new PointerType(Named(type)), Iface("Sink")));
        Assert.Equal(pointer, MethodSets.PointerImplements(Named(type), Iface("Sink")));
    }

    [Fact]
    public void StdInterfacesAreSatisfiedByTheMethodsTheyName()
    {
        Assert.True(MethodSets.Implements(Named("writer"), StdIface("stdWriter")));
        Assert.True(MethodSets.Implements(Named("writer"), StdIface("stdStringer")));
        Assert.False(MethodSets.Implements(Named("writer"), StdIface("stdReader")));
        var error = (InterfaceType)Universe.Scope.Lookup("error")!.Type.Underlying;
        Assert.False(MethodSets.Implements(Named("failure"), error));
        Assert.True(MethodSets.PointerImplements(Named("failure"), error));
    }

    [Fact]
    public void AnInterfaceImplementsTheInterfacesItsMethodSetCovers()
    {
        Assert.True(MethodSets.Implements(Named("ReadSink"), Iface("Sink")));
        Assert.False(MethodSets.Implements(Named("Sink"), Iface("ReadSink")));
    }
}
