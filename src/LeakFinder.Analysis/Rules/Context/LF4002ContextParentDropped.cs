using LeakFinder.Analysis.Facts;
using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Rules.Context;

/// <summary>
/// LF4002: a helper that takes a context and returns one built on context.Background() or TODO(), never reading
/// the one it was given (`func WithLogger(ctx context.Context, l *Logger) context.Context { return
/// context.WithValue(context.Background(), key, l) }`): every caller's cancellation and deadline stop there, and
/// whatever waits on the returned context's Done (a watch handler's select) runs on after its client has gone.
/// Docs: docs/rules/LF4002.md.
/// </summary>
public sealed class LF4002ContextParentDropped : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF4002", "context-parent-dropped", RuleCategory.ContextLeak, Severity.Error,
        "a function given a context returns one built on context.Background(), dropping the caller's cancellation")
    {
        Since = "1.2",
        Summary = "a function that takes a `context.Context` it never reads returns a context built on `context.Background()` or `TODO()`: its callers' cancellation and deadlines never reach what waits on the result",
    };

    public override void Run(Pass pass)
    {
        foreach (var fn in pass.Functions)
        {
            // Functions only: a method with an unused context may implement an interface whose other types use it.
            if (fn.Function is not FuncDecl { Recv: null, Body: { } body } decl || ContextParam(pass, decl) is not { } param
                || ContextResult(pass, decl) is not { } index || Reads(pass, body, param)) continue;
            var roots = new List<CallExpr>();
            var derivedOnly = true;
            pass.Info.Nodes.Inspect(body, NodeKinds.ReturnStmt | NodeKinds.FuncLit, n =>
            {
                if (n is FuncLit) return false;
                if (n is ReturnStmt { Results.Count: > 0 } ret && index < ret.Results.Count)
                {
                    if (RootOf(pass, body, ret.Results[index]) is { } root) roots.Add(root);
                    else derivedOnly = false;
                }
                return false;
            });
            // Every return gives a context built on a root: one that may give something else (nil for an error) is
            // not judged.
            if (roots.Count == 0 || !derivedOnly) continue;
            var root0 = roots[0];
            var rootName = Calls.Callee(pass.Info, root0)!.Name;
            pass.Report(root0, $"{decl.Name.Name} is given {param.Name} but returns a context built on context.{rootName}(), and never reads {param.Name}: "
                + $"its callers' cancellation and deadlines stop here, so whatever waits on the returned context's Done (a handler's select, a watch) runs on after the caller has gone; build it on {param.Name}");
        }
    }

    private static Var? ContextParam(Pass pass, FuncDecl decl)
    {
        Var? found = null;
        foreach (var field in decl.Type.Params?.List ?? [])
            foreach (var name in field.Names)
                if (name.Name != "_" && pass.Info.Defs.GetValueOrDefault(name) is Var v && IsContext(v.Type))
                {
                    if (found != null) return null; // two contexts: which one should carry on is not ours to say
                    found = v;
                }
        return found;
    }

    /// <summary>The index of the one context.Context result.</summary>
    private static int? ContextResult(Pass pass, FuncDecl decl)
    {
        if (pass.Info.Defs.GetValueOrDefault(decl.Name) is not Func { Signature: { } sig }) return null;
        int? index = null;
        for (var i = 0; i < sig.Results.Vars.Count; i++)
            if (IsContext(sig.Results.Vars[i].Type))
            {
                if (index != null) return null;
                index = i;
            }
        return index;
    }

    private static bool IsContext(GoType t) => t is NamedType { Obj: { Name: "Context", Pkg.Path: "context" } };

    private static bool Reads(Pass pass, BlockStmt body, Var param)
    {
        var read = false;
        pass.Info.Nodes.Inspect(body, NodeKinds.Ident, n =>
        {
            if (n is Ident id && pass.Info.Uses.TryGetValue(id, out var used) && ReferenceEquals(used, param)) read = true;
            return !read;
        });
        return read;
    }

    /// <summary>The context.Background() or TODO() call the returned context is built on: the call itself, or the
    /// parent argument of a chain of context.With* calls, through a local defined once from one; null otherwise.</summary>
    private static CallExpr? RootOf(Pass pass, BlockStmt body, Expr e, int depth = 0)
    {
        if (depth > 8) return null;
        e = Expr.Unparen(e);
        if (e is Ident id && pass.Info.ObjectOf(id) is Var local && OnlyValue(pass, body, local) is { } value) return RootOf(pass, body, value, depth + 1);
        if (e is not CallExpr call || Calls.Callee(pass.Info, call) is not { Pkg.Path: "context" } f) return null;
        if (f.Name is "Background" or "TODO") return call;
        return f.Name.StartsWith("With", StringComparison.Ordinal) && call.Args.Count > 0 ? RootOf(pass, body, call.Args[0], depth + 1) : null;
    }

    /// <summary>The value of a local defined once and never assigned again (`c := context.WithValue(...)`, the
    /// first result of `c, cancel := context.WithCancel(...)`), or null.</summary>
    private static Expr? OnlyValue(Pass pass, BlockStmt body, Var local) =>
        LocalValues.Of(pass.Info, body, local) is { AddressTaken: false } sole && sole.TupleIndex <= 0 ? sole.Value : null;
}
