using LeakFinder.Syntax;
using LeakFinder.Syntax.Parsing;

namespace LeakFinder.Semantics.Loading;

/// <summary>Where an import path was found; decides whether its package is loaded from source.</summary>
public enum ImportKind
{
    /// <summary>A package of the main module or of a workspace module (source).</summary>
    Module,
    /// <summary>A module replaced by a local directory (source).</summary>
    LocalReplace,
    /// <summary>vendor/ of the main module, or of a GOPATH tree (source).</summary>
    Vendor,
    /// <summary>$GOMODCACHE/module@version (source).</summary>
    ModCache,
    /// <summary>$GOPATH/src (source, GOPATH mode).</summary>
    GoPath,
    /// <summary>The standard library: the std API model, or $GOROOT/src when asked to load std from source.</summary>
    Std,
    /// <summary>import "C": cgo's pseudo-package.</summary>
    Cgo,
    /// <summary>Not found anywhere: its members have unknown type (never an error cascade).</summary>
    Unknown,
}

/// <summary>A module as the loader knows it: main/workspace module, a dependency, or a local replacement.</summary>
public sealed record ModuleInfo(string Path, string Version, string Dir, GoVersion? Go, bool IsMain)
{
    public override string ToString() => Version.Length == 0 ? Path : Path + "@" + Version;
}

/// <summary>One import of a package: the path as written, how it resolved, and the loaded package when from source.</summary>
public sealed class ImportRef
{
    public required string Path { get; init; }
    /// <summary>The canonical import path of the target ("vendor/golang.org/x/net/..." for std's vendored imports).</summary>
    public required string ResolvedPath { get; init; }
    public ImportKind Kind { get; internal set; }
    /// <summary>Why an Unknown import was not found (empty otherwise).</summary>
    public string Reason { get; internal set; } = "";
    /// <summary>The first import spec that names it (for error positions).</summary>
    public Position Position { get; init; }
    /// <summary>The package loaded from source; null for std from the API model, "C" and unknown imports.</summary>
    public LoadedPackage? Package { get; internal set; }
    public override string ToString() => $"{Path} {Kind}{(Reason.Length > 0 ? " (" + Reason + ")" : "")}";
}

/// <summary>
/// One .go file of a package: its bytes (read once) and its syntax tree. A whole-program pass that is done with
/// a package (checked, its facts summarised, its rules run) releases the tree, so that memory follows the
/// packages in flight rather than the whole program (a load with <see cref="LoadOptions.SyntaxOnDemand"/> keeps
/// none to begin with). The tree is then parsed again from the bytes on the next request, into the same token
/// file: the same positions, but new nodes, which type information of the released tree does not know.
/// </summary>
public sealed class LoadedFile
{
    private readonly object _gate = new();
    private ParseResult? _parse;
    private IReadOnlyList<SyntaxError>? _syntaxErrors;

    public required string Path { get; init; }
    public string Name => System.IO.Path.GetFileName(Path);
    public required byte[] Source { get; init; }
    /// <summary>The file's positions and line table, in the load's file set.</summary>
    public required TokenFile TokenFile { get; init; }
    /// <summary>
    /// The syntax errors of the file (also there after the tree is released). A load with
    /// <see cref="LoadOptions.SyntaxOnDemand"/> reads only the header of most files (the whole file is parsed
    /// when its package is checked, and parsing it twice was a sixth of a check's time): their errors are known
    /// once the file was parsed whole, and asking before that parses it (keeping no tree).
    /// </summary>
    public IReadOnlyList<SyntaxError> SyntaxErrors
    {
        get => _syntaxErrors ?? ParseForErrors();
        init => _syntaxErrors = value;
    }

    public ParseResult Parse
    {
        get => _parse ?? ParseAgain();
        init => _parse = value;
    }

    public bool IsTest { get; init; }
    public bool IsCgo { get; init; }

    /// <summary>Drops the syntax tree; positions stay resolvable through the file set.</summary>
    public void ReleaseSyntax() => _parse = null;

    private ParseResult ParseAgain()
    {
        lock (_gate)
        {
            _parse ??= Parser.ParseFile(TokenFile, Source, ParserMode.ParseComments);
            _syntaxErrors ??= _parse.Errors;
            return _parse;
        }
    }

    private IReadOnlyList<SyntaxError> ParseForErrors()
    {
        lock (_gate) return _syntaxErrors ??= Parser.ParseFile(TokenFile, Source, ParserMode.ParseComments).Errors;
    }

    public override string ToString() => Name;
}

/// <summary>
/// A package as loaded: import path, name, directory, module, files with their parse results, imports
/// with their resolution, and problems found while loading ("file:line:col: message").
/// </summary>
public sealed class LoadedPackage
{
    public required string ImportPath { get; init; }
    public required string Name { get; init; }
    public required string Dir { get; init; }
    public required ImportKind Kind { get; init; }
    public ModuleInfo? Module { get; init; }
    public bool IsStd => Kind == ImportKind.Std;
    /// <summary>Matched by a pattern (not only loaded as a dependency).</summary>
    public bool IsRoot { get; internal set; }
    /// <summary>The package's own _test.go files are among <see cref="Files"/>.</summary>
    public bool HasTests { get; init; }
    /// <summary>The external test package (package x_test) of the directory; imports its package under test.</summary>
    public bool IsXTest { get; init; }
    public required IReadOnlyList<LoadedFile> Files { get; init; }
    /// <summary>Unique imports in path order.</summary>
    public required IReadOnlyList<ImportRef> Imports { get; init; }
    /// <summary>Files build constraints left out (name only), as go/build's IgnoredGoFiles.</summary>
    public IReadOnlyList<string> IgnoredFiles { get; init; } = [];
    public List<string> Errors { get; } = [];

    /// <summary>Releases every file's bytes and syntax tree (see <see cref="LoadedFile.ReleaseSyntax"/>).</summary>
    public void ReleaseSyntax()
    {
        foreach (var f in Files) f.ReleaseSyntax();
    }

    public override string ToString() => ImportPath;
}
