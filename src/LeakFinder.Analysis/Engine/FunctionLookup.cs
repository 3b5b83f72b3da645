using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Engine;

/// <summary>
/// The package's function bodies by their node (a declaration or a literal) and its declared functions by their
/// object: what a rule needs to follow a go statement into the body it runs (for its CFG), whether it starts a
/// literal or a function of the package. Built on first request.
/// </summary>
public sealed class FunctionLookup
{
    public static readonly PackageAnalysis<FunctionLookup> Analysis =
        new("function-lookup", "each function body by its node, and each declared function's body by its object",
            pass => new FunctionLookup(pass.Info, pass.Functions)) { OnDemand = true };

    private readonly Dictionary<Node, FunctionBody> _byNode = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Func, FunctionBody> _byFunc = new(ReferenceEqualityComparer.Instance);
    /// <summary>The declarations by position (files do not overlap, declarations do not nest).</summary>
    private readonly List<FuncDecl> _declarations = [];

    private FunctionLookup(TypeInfo info, IReadOnlyList<FunctionBody> functions)
    {
        foreach (var fn in functions)
        {
            _byNode[fn.Function] = fn;
            if (fn.Function is FuncDecl d && info.Defs.GetValueOrDefault(d.Name) is Func f) _byFunc[f] = fn;
            if (fn.Function is FuncDecl decl) _declarations.Add(decl);
        }
        _declarations.Sort((a, b) => a.Pos().Value.CompareTo(b.Pos().Value));
    }

    /// <summary>The function declaration a node sits in (a literal's, or a statement's), by position; null outside any.</summary>
    public FuncDecl? EnclosingDeclaration(Node n)
    {
        var pos = n.Pos().Value;
        int lo = 0, hi = _declarations.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (_declarations[mid].Pos().Value <= pos) lo = mid + 1;
            else hi = mid - 1;
        }
        return hi >= 0 && n.End().Value <= _declarations[hi].End().Value ? _declarations[hi] : null;
    }

    /// <summary>The body of a function literal or declaration of the package.</summary>
    public FunctionBody? BodyOf(Node function) => _byNode.TryGetValue(function, out var fn) ? fn : null;

    /// <summary>The body of a function or method the package declares.</summary>
    public FunctionBody? DeclarationOf(Func f) => _byFunc.TryGetValue(f, out var fn) ? fn : null;
}
