using LeakFinder.Semantics.Cfg;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The package's templates whose text is known, and the methods their Execute calls on its data: `{{.Title}}` calls
/// the data's Title method by reflection, on the caller's goroutine, with whatever the caller holds. A template is
/// known when it is built in place or in a package variable by `template.Must(template.New(name).Parse(text))` (Funcs
/// and Option on the way) from a constant text, and the variable is never assigned elsewhere nor used but as the
/// receiver of Execute, ExecuteTemplate, Lookup or Name (a Parse into it, Delims, or handing it on may change what it
/// runs). The names are the first `.Name` of each chain an action evaluates while dot is the data (outside the bodies
/// of range, with, define and block, where dot is something else), and `$.Name` anywhere; a name that is a field
/// calls nothing. Anything else (text read from a file, built at run time) is unknown.
/// </summary>
internal sealed class TemplateTexts
{
    public static readonly TemplateTexts None = new(null, [], []);

    private readonly TypeInfo? _info;
    private readonly IEnumerable<ValueSpec> _specs;
    private readonly IEnumerable<FunctionBody> _functions;
    /// <summary>Package variables by their initialiser; null for one used in a way that may change it.</summary>
    private Dictionary<Var, Expr?>? _globals;
    private readonly Dictionary<string, List<string>?> _parsed = new(StringComparer.Ordinal);

    public TemplateTexts(TypeInfo? info, IEnumerable<ValueSpec> packageVars, IEnumerable<FunctionBody> functions)
    {
        _info = info;
        _specs = packageVars;
        _functions = functions;
    }

    /// <summary>The names the template <paramref name="template"/> (the receiver of an Execute) calls on its data, or null
    /// when its text is unknown.</summary>
    public IReadOnlyList<string>? MethodsCalled(Expr template) =>
        _info != null && TextOf(template, global: true) is { } text ? Names(text) : null;

    private List<string>? Names(string text)
    {
        if (_parsed.TryGetValue(text, out var known)) return known;
        return _parsed[text] = TemplateActions.DataNames(text);
    }

    private string? TextOf(Expr e, bool global)
    {
        e = Expr.Unparen(e);
        if (e is Ident id && global && _info!.ObjectOf(id) is Var v && LockPaths.IsGlobal(v))
            return Globals().GetValueOrDefault(v) is { } init ? TextOf(init, global: false) : null;
        if (e is not CallExpr call || Calls.Callee(_info!, call) is not { Pkg.Path: "text/template" or "html/template" } f) return null;
        if (f.Name == "Must" && !f.IsMethod && call.Args.Count == 1) return TextOf(call.Args[0], global: false);
        if (f.Name != "Parse" || !f.IsMethod || call.Args.Count != 1 || Expr.Unparen(call.Fun) is not SelectorExpr sel || !Fresh(sel.X)) return null;
        return _info!.Types.TryGetValue(call.Args[0], out var tv) && tv.Value is { Kind: ConstantKind.String } text ? text.String : null;
    }

    /// <summary>`template.New(name)`, possibly through Funcs and Option: a template with no text yet and the default delimiters.</summary>
    private bool Fresh(Expr e)
    {
        if (Expr.Unparen(e) is not CallExpr call || Calls.Callee(_info!, call) is not { Pkg.Path: "text/template" or "html/template" } f) return false;
        if (f.Name == "New" && !f.IsMethod) return true;
        return f.Name is "Funcs" or "Option" && f.IsMethod && Expr.Unparen(call.Fun) is SelectorExpr sel && Fresh(sel.X);
    }

    private Dictionary<Var, Expr?> Globals()
    {
        if (_globals != null) return _globals;
        _globals = new Dictionary<Var, Expr?>(ReferenceEqualityComparer.Instance);
        foreach (var spec in _specs)
            if (spec.Values.Count == spec.Names.Count)
                for (var i = 0; i < spec.Names.Count; i++)
                    if (_info!.Defs.GetValueOrDefault(spec.Names[i]) is Var v && IsTemplate(v.Type)) _globals[v] = spec.Values[i];
        if (_globals.Count == 0) return _globals;
        foreach (var fn in _functions)
            if (fn.Function is not FuncLit) Disqualify(fn.Body);
        foreach (var spec in _specs)
            foreach (var value in spec.Values) Disqualify(value);
        return _globals;
    }

    /// <summary>Forgets the variables used other than as the receiver of a method that only reads the template.</summary>
    private void Disqualify(Node root) =>
        _info!.Nodes.Inspect(root, NodeKinds.Ident, (n, parents) =>
        {
            if (n is Ident id && _info.Uses.TryGetValue(id, out var o) && o is Var v && _globals!.ContainsKey(v)
                && !(parents.Up(1) is SelectorExpr { Sel.Name: "Execute" or "ExecuteTemplate" or "Lookup" or "Name" } sel && ReferenceEquals(sel.X, id)
                     && parents.Up(2) is CallExpr c && ReferenceEquals(c.Fun, sel)))
                _globals[v] = null;
            return true;
        });

    private static bool IsTemplate(GoType t) =>
        t is PointerType { Elem: NamedType { Obj: { Name: "Template", Pkg.Path: "text/template" or "html/template" } } };
}
