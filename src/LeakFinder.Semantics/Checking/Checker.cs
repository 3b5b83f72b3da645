using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using Ast = LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

/// <summary>Gives the checker the packages a package imports (checked from source, from the std API model, or unknown).</summary>
public interface IImporter
{
    /// <summary>The package at path; never null: an import that cannot be found is an unknown package.</summary>
    Package Import(string path);
}

/// <summary>A type error the checker noticed; LeakFinder is no compiler, so these only explain gaps in TypeInfo.</summary>
public readonly record struct TypeError(Pos Pos, string Message);

/// <summary>The outcome of checking one package.</summary>
public sealed class CheckedPackage(Package package, TypeInfo info, IReadOnlyList<TypeError> errors)
{
    public Package Package { get; } = package;
    public TypeInfo Info { get; } = info;
    public IReadOnlyList<TypeError> Errors { get; } = errors;
}

/// <summary>
/// LeakFinder's type checker: resolves every identifier of a package to its object and computes the type of
/// every expression it can, as go/types does, but tolerant: what it cannot determine (an unknown import, a
/// construct it does not model) gets the invalid type, which rules read as "don't know". Package-level objects
/// are resolved lazily on first use, so declarations may appear in any order and refer to each other.
/// </summary>
public sealed partial class Checker
{
    private readonly Package _pkg;
    private readonly IImporter _importer;
    private readonly TypeInfo _info;
    private readonly List<TypeError> _errors = [];
    private readonly Dictionary<GoObject, DeclInfo> _decls = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<GoObject> _resolving = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<GoObject> _resolved = new(ReferenceEqualityComparer.Instance);
    private readonly List<(Ast.FuncDecl Decl, Func? Obj, Scope FileScope)> _funcs = [];
    private readonly Dictionary<string, List<(Ast.FuncDecl Decl, Func Obj, Scope FileScope)>> _methodsByBase = new(StringComparer.Ordinal);

    /// <summary>The package's language version (its module's go line); null: the newest LeakFinder knows.</summary>
    private readonly GoVersion? _lang;

    private Checker(string path, string name, IImporter importer, long sourceBytes, GoVersion? lang, bool standard)
    {
        _pkg = new Package(path, name, isStandard: standard);
        _importer = importer;
        _info = new TypeInfo(sourceBytes);
        _lang = lang;
    }

    /// <param name="lang">The language version (go.mod's go line) the package is written in; null for the newest.</param>
    /// <param name="standard">The package is one of Go's standard library (loaded from GOROOT/src).</param>
    public static CheckedPackage Check(string path, IReadOnlyList<Ast.File> files, IImporter importer, GoVersion? lang = null, bool standard = false)
    {
        var name = files.Count > 0 ? files[0].Name.Name : "";
        var sourceBytes = files.Sum(f => (long)Math.Max(0, f.FileEnd.Value - f.FileStart.Value));
        var c = new Checker(path, name, importer, sourceBytes, lang, standard);
        c._info.Nodes = new Ast.NodeIndex(files, sourceBytes);
        foreach (var f in files)
            if (!f.HasLabels) c._labelFreeFiles.Add((f.FileStart.Value, f.FileEnd.Value));
        c.CollectObjects(files);
        c.ResolvePackageLevel();
        c.CheckFunctionBodies();
        c._info.TrimExcess();
        return new CheckedPackage(c._pkg, c._info, c._errors);
    }

    private void Error(Ast.Node at, string message) => _errors.Add(new TypeError(at.Pos(), message));

    /// <summary>True when the package's language version has a feature added in go1.minor.</summary>
    private bool Allows(int minor) => _lang is not { } v || v >= new GoVersion(1, minor);

    /// <summary>What a package-level object was declared by, kept until the object is resolved.</summary>
    private sealed class DeclInfo(Scope fileScope)
    {
        public Scope FileScope { get; } = fileScope;
        public Ast.TypeSpec? TypeSpec { get; init; }
        public Ast.Expr? TypeExpr { get; init; }
        public Ast.Expr? Init { get; init; }
        /// <summary>For `var a, b = f()`: every variable of the spec, which share one initializer.</summary>
        public IReadOnlyList<Var>? Lhs { get; init; }
        public int Iota { get; init; }
        public Ast.FuncDecl? Func { get; init; }
    }

    private void CollectObjects(IReadOnlyList<Ast.File> files)
    {
        foreach (var file in files)
        {
            var fileScope = new Scope(_pkg.Scope, "file");
            _info.Scopes[file] = fileScope;
            foreach (var decl in file.Decls)
            {
                switch (decl)
                {
                    case Ast.GenDecl gd:
                        CollectGenDecl(gd, fileScope);
                        break;
                    case Ast.FuncDecl fd:
                        CollectFunc(fd, fileScope);
                        break;
                }
            }
        }
    }

    private void CollectGenDecl(Ast.GenDecl gd, Scope fileScope)
    {
        Ast.ValueSpec? lastConstSpec = null;
        for (var iota = 0; iota < gd.Specs.Count; iota++)
        {
            switch (gd.Specs[iota])
            {
                case Ast.ImportSpec imp:
                    CollectImport(imp, fileScope);
                    break;
                case Ast.TypeSpec ts:
                {
                    var obj = new TypeName(ts.Name.Name, _pkg, ts.Name.NamePos.Value, isAlias: ts.Assign.IsValid);
                    Declare(_pkg.Scope, ts.Name, obj);
                    _decls[obj] = new DeclInfo(fileScope) { TypeSpec = ts };
                    break;
                }
                case Ast.ValueSpec vs when gd.Tok == Token.Const:
                {
                    // A spec without type and values repeats the previous one's, with its own iota.
                    var source = vs.Type == null && vs.Values.IsEmpty && lastConstSpec != null ? lastConstSpec : vs;
                    if (!ReferenceEquals(source, lastConstSpec) || lastConstSpec == null) lastConstSpec = vs;
                    for (var i = 0; i < vs.Names.Count; i++)
                    {
                        var id = vs.Names[i];
                        var obj = new Const(id.Name, _pkg, id.NamePos.Value, Invalid.Type, Constant.Unknown);
                        Declare(_pkg.Scope, id, obj);
                        _decls[obj] = new DeclInfo(fileScope)
                        {
                            TypeExpr = source.Type,
                            Init = i < source.Values.Count ? source.Values[i] : null,
                            Iota = iota,
                        };
                    }
                    break;
                }
                case Ast.ValueSpec vs:
                {
                    var vars = vs.Names.Select(id => new Var(id.Name, _pkg, id.NamePos.Value, Invalid.Type)).ToList();
                    var shared = vs.Values.Count == 1 && vs.Names.Count > 1;
                    for (var i = 0; i < vs.Names.Count; i++)
                    {
                        Declare(_pkg.Scope, vs.Names[i], vars[i]);
                        _decls[vars[i]] = new DeclInfo(fileScope)
                        {
                            TypeExpr = vs.Type,
                            Init = shared ? vs.Values[0] : i < vs.Values.Count ? vs.Values[i] : null,
                            Lhs = shared ? vars : null,
                        };
                    }
                    break;
                }
            }
        }
    }

    private void CollectImport(Ast.ImportSpec imp, Scope fileScope)
    {
        var path = UnquoteImportPath(imp.Path.Value);
        var imported = path switch { "unsafe" => Unsafe.Package, "C" => Cgo.Package, _ => _importer.Import(path) };
        var name = imp.Name?.Name ?? imported.Name;
        if (name == ".")
        {
            foreach (var obj in imported.Scope.Names.Values)
                if (obj.Exported) fileScope.Insert(obj);
            if (imp.Name != null) _info.Defs[imp.Name] = null;
            return;
        }
        var pkgName = new PkgName(name, _pkg, (imp.Name?.NamePos ?? imp.Path.ValuePos).Value, imported);
        if (imp.Name != null) _info.Defs[imp.Name] = pkgName;
        else _info.Implicits[imp] = pkgName;
        if (name != "_") fileScope.Insert(pkgName);
    }

    private static string UnquoteImportPath(string lit) => lit.Length >= 2 ? lit[1..^1] : lit;

    private void CollectFunc(Ast.FuncDecl fd, Scope fileScope)
    {
        var obj = new Func(fd.Name.Name, _pkg, fd.Name.NamePos.Value);
        _info.Defs[fd.Name] = obj;
        _decls[obj] = new DeclInfo(fileScope) { Func = fd };
        if (fd.Recv is { List.Count: > 0 } recv)
        {
            var baseName = ReceiverBaseName(recv.List[0].Type);
            if (baseName != null)
            {
                if (!_methodsByBase.TryGetValue(baseName, out var list)) _methodsByBase[baseName] = list = [];
                list.Add((fd, obj, fileScope));
            }
            _funcs.Add((fd, obj, fileScope));
            return;
        }
        if (fd.Name.Name != "init" && fd.Name.Name != "_") _pkg.Scope.Insert(obj);
        _funcs.Add((fd, obj, fileScope));
    }

    /// <summary>T from a receiver type T, *T, T[P], (*T[P, Q]).</summary>
    private static string? ReceiverBaseName(Ast.Expr? e)
    {
        while (true)
        {
            switch (e)
            {
                case Ast.ParenExpr p: e = p.X; continue;
                case Ast.StarExpr s: e = s.X; continue;
                case Ast.IndexExpr ix: e = ix.X; continue;
                case Ast.IndexListExpr il: e = il.X; continue;
                case Ast.Ident id: return id.Name;
                default: return null;
            }
        }
    }

    private void Declare(Scope scope, Ast.Ident id, GoObject obj)
    {
        _info.Defs[id] = obj;
        if (id.Name == "_") return;
        if (scope.Insert(obj) != null) Error(id, $"{id.Name} redeclared in this block");
    }

    private void ResolvePackageLevel()
    {
        foreach (var obj in _pkg.Scope.Names.Values.ToList()) Resolve(obj);
        foreach (var (_, obj, _) in _funcs)
            if (obj != null) Resolve(obj);
        // Blank package-level declarations are not in the scope but still need their types.
        foreach (var obj in _decls.Keys.ToList()) Resolve(obj);
    }

    /// <summary>Computes a package-level object's type on first use; cycles resolve to the invalid type.</summary>
    private void Resolve(GoObject obj)
    {
        if (!_decls.TryGetValue(obj, out var d) || _resolved.Contains(obj)) return;
        if (!_resolving.Add(obj))
        {
            // A cycle through a type name is legal (type T struct{ next *T }): the named type already exists.
            if (obj is not TypeName) _errors.Add(new TypeError(new Pos(obj.Pos), $"initialization cycle or invalid recursive type involving {obj.Name}"));
            return;
        }
        try
        {
            switch (obj)
            {
                case TypeName tn:
                    TypeDecl(tn, d);
                    break;
                case Const c:
                    ConstDecl(c, d);
                    break;
                case Var v:
                    VarDecl(v, d);
                    break;
                case Func f:
                    FuncDecl(f, d);
                    break;
            }
        }
        finally
        {
            _resolving.Remove(obj);
            _resolved.Add(obj);
        }
    }
}
