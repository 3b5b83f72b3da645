using LeakFinder.Analysis.Engine;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using StructType = LeakFinder.Semantics.Types.StructType;

namespace LeakFinder.Analysis.Rules.Heap;

/// <summary>
/// Which of a package's struct types live as long as the process: a type a package variable holds, a server,
/// cache or registry type a New* constructor returns, an http.Handler, a server accepting on a net.Listener.
/// Memory their fields reference stays for the life of the process; the heap rules (LF6001, LF6003) ask here.
/// </summary>
public static class LongLived
{
    /// <summary>Type names whose New* constructors make one value that serves the whole process.</summary>
    private static readonly string[] Suffixes = ["Server", "Cache", "Registry", "Manager", "Store", "Service", "Broker", "Hub", "Tracker"];

    public static HashSet<NamedType> Types(Pass pass)
    {
        var longLived = new HashSet<NamedType>(ReferenceEqualityComparer.Instance);
        foreach (var obj in pass.Package.Scope.Names.Values)
            if (obj is Var v && OwnStruct(pass, v.Type) is { } owner) longLived.Add(owner);
        foreach (var file in pass.Files)
            foreach (var fd in file.File.Decls.OfType<FuncDecl>())
                if (fd.Recv == null && fd.Name.Name.StartsWith("New", StringComparison.Ordinal) && pass.Info.ObjectOf(fd.Name) is Func { Signature: { } sig }
                    && sig.Results.Count > 0 && OwnStruct(pass, sig.Results.Vars[0].Type) is { } made
                    && Array.Exists(Suffixes, s => made.Obj.Name.EndsWith(s, StringComparison.Ordinal)))
                    longLived.Add(made);
        foreach (var obj in pass.Package.Scope.Names.Values)
            if (obj is TypeName { Type: NamedType { TypeArgs.Count: 0, Underlying: StructType } t } && Serves(t)) longLived.Add(t);
        return longLived;
    }

    /// <summary>A package-level variable of this package (not a local, parameter or field).</summary>
    public static bool IsPackageVar(Pass pass, GoObject? obj) =>
        obj is Var { IsField: false } v && ReferenceEquals(v.Pkg, pass.Package)
        && pass.Package.Scope.Names.TryGetValue(v.Name, out var top) && ReferenceEquals(top, v);

    /// <summary>A type that serves requests outlives each of them: an http.Handler (a ServeHTTP method) or a
    /// server that accepts on a net.Listener (a method taking one) is installed once and handles every request.</summary>
    private static bool Serves(NamedType t) =>
        t.Methods.Any(m => m.Name == "ServeHTTP"
            || m.Signature is { } sig && sig.Params.Vars.Any(p => p.Type is NamedType { Obj: { Name: "Listener", Pkg.Path: "net" } }));

    /// <summary>A struct type declared in this package, behind at most one pointer.</summary>
    public static NamedType? OwnStruct(Pass pass, GoType t)
    {
        if (t is PointerType p) t = p.Elem;
        return t is NamedType { TypeArgs.Count: 0 } n && ReferenceEquals(n.Obj.Pkg, pass.Package) && n.Underlying is StructType ? n : null;
    }
}
