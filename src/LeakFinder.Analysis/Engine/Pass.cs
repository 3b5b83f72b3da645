using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics;
using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Parsing;
using GoPackage = LeakFinder.Semantics.Types.Package;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// What one rule sees of one package, as go/analysis' Pass: the files, types, the module's go version,
/// each function body's CFG (built once per package and shared by all rules), the module's shared facts,
/// the results of the shared analyses it requires (<see cref="ResultOf{T}"/>), and Report. One Pass per (rule,
/// package); the package-wide parts are shared through <see cref="PackageContext"/>.
/// </summary>
public sealed class Pass
{
    private readonly PackageContext _ctx;
    private readonly RuleDescriptor _rule;
    private readonly List<Diagnostic> _out;

    private readonly IReadOnlyList<PackageAnalysis> _requires;

    internal Pass(PackageContext ctx, Rule rule, List<Diagnostic> output)
    {
        _ctx = ctx;
        _rule = rule.Descriptor;
        _requires = rule.Requires;
        _out = output;
    }

    public RuleDescriptor Rule => _rule;
    public IReadOnlyList<ParseResult> Files => _ctx.Package.Files;
    public TypeInfo Info => _ctx.Package.Checked.Info;
    public GoPackage Package => _ctx.Package.Checked.Package;
    public FileSet FileSet => _ctx.Package.FileSet;
    /// <summary>The module's `go` version from go.mod; null when unknown.</summary>
    public GoVersion? GoVersion => _ctx.Package.GoVersion;

    /// <summary>The Go version the code at n runs under: the module's, or newer when its file's `//go:build`
    /// line requires a newer one (go1.23 &amp;&amp; linux); null when neither says.</summary>
    public GoVersion? GoVersionAt(Node n) => _ctx.ResultOf(FileVersions.Analysis).At(n.Pos());
    public ModuleFacts Facts => _ctx.Facts;

    /// <summary>Every function body of the package (declarations and literals), in source order.</summary>
    public IReadOnlyList<FunctionBody> Functions => _ctx.Functions;

    /// <summary>The body's control-flow graph, built on first request and shared with the other rules.</summary>
    public ControlFlowGraph Cfg(FunctionBody fn) => _ctx.ResultOf(FunctionCfgs.Analysis).Of(fn);

    /// <summary>Whether any statement-level node of the body's CFG (its own statements, not its literals')
    /// matches: a cheap test before a rule walks the whole body for go or defer statements.</summary>
    public bool AnyNode(FunctionBody fn, Func<Node, bool> match)
    {
        // Indexed loops: foreach over the IReadOnlyList views allocates an enumerator per block.
        var blocks = Cfg(fn).Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            var nodes = blocks[b].Nodes;
            for (var i = 0; i < nodes.Count; i++)
                if (match(nodes[i])) return true;
        }
        return false;
    }

    /// <summary>AnyNode for a match that only nodes of these kinds can satisfy: a body without any of them (its literals
    /// included) is answered from the node index, without going through its CFG.</summary>
    public bool AnyNode(FunctionBody fn, NodeKinds kinds, Func<Node, bool> match) =>
        (Info.Nodes.KindsUnder(fn.Body) & kinds) != 0 && AnyNode(fn, match);

    /// <summary>Whether any identifier of the package denotes the function or method of this full name
    /// ("(*sync.Once).Do"): when not, no call in the package calls it, and a rule that reports only at such calls
    /// can return at once.</summary>
    public bool UsesFunction(string fullName) => _ctx.ResultOf(UsedFunctions.Analysis).Contains(fullName);

    /// <summary>Whether any identifier of the package names the builtin ("close"): when not, no call in it calls
    /// that builtin.</summary>
    /// <summary>Whether another package can name the member of a class (`Server.ReqCh`): exported, in an importable
    /// package, its type not declared in a test file (<see cref="Visibility"/>).</summary>
    public bool ExportedOutside(string cls, bool last = false) => _ctx.ResultOf(Visibility.Analysis).Outside(cls, last);

    /// <summary>Whether another package can name the object.</summary>
    public bool ExportedOutside(Semantics.Types.GoObject o) => _ctx.ResultOf(Visibility.Analysis).Outside(o);

    public bool UsesBuiltin(string name) => _ctx.ResultOf(UsedFunctions.Analysis).ContainsBuiltin(name);

    /// <summary>The body's calls that may acquire a resource, found on first request and shared with the other rules.</summary>
    public IReadOnlyList<global::LeakFinder.Analysis.Facts.AcquireSites.Site> AcquireSites(FunctionBody fn) => _ctx.ResultOf(PackageAcquireSites.Analysis).Of(fn);

    /// <summary>The result of an analysis the rule declared in <see cref="Rule.Requires"/> (or one of the
    /// implicit ones behind Cfg, AcquireSites and GoVersionAt), computed once per package and shared.</summary>
    public T ResultOf<T>(PackageAnalysis<T> analysis) where T : class
    {
        if (!_requires.Contains(analysis) && !PackageContext.Implicit.Contains(analysis))
            throw new InvalidOperationException($"rule {_rule.Id} reads analysis {analysis.Name} without requiring it");
        return _ctx.ResultOf(analysis);
    }


    public SourceSpan Span(Node n) => Span(n.Pos(), n.End());

    public SourceSpan Span(Pos pos, Pos end)
    {
        var p = FileSet.Position(pos);
        var e = end.IsValid ? FileSet.Position(end) : p;
        return new SourceSpan(p.Filename, p.Line, p.Column, e.Line, e.Column);
    }

    public int Line(Node n) => FileSet.Position(n.Pos()).Line;

    /// <summary>A function as a message names it: a literal (a goroutine's body, a critical section run in place)
    /// by the line it starts on, a declaration by its name.</summary>
    public string FunctionName(Node? function, string name) =>
        function is FuncLit lit ? $"the function literal at line {Line(lit)}" : name;

    public void Report(Node at, string message, params RelatedLocation[] related) => Report(Span(at), message, related);

    public void Report(SourceSpan span, string message, IReadOnlyList<RelatedLocation> related, SuggestedFix? fix = null, bool onlyWhenTestFails = false) =>
        _out.Add(new Diagnostic(_rule, _rule.DefaultSeverity, message, span, related, fix) { OnlyWhenTestFails = onlyWhenTestFails });
}
