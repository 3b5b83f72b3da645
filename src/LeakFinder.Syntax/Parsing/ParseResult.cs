using LeakFinder.Syntax.Ast;

namespace LeakFinder.Syntax.Parsing;

/// <summary>
/// The outcome of parsing one file: the AST (partial when there are errors; an empty File with an unnamed package
/// when the package clause itself could not be parsed, as go/parser returns), the file's position table, and the
/// errors sorted by position. Each error prints as `file:line:col: message`.
/// </summary>
public sealed class ParseResult(Ast.File file, TokenFile tokenFile, IReadOnlyList<SyntaxError> errors)
{
    public Ast.File File { get; } = file;
    public TokenFile TokenFile { get; } = tokenFile;
    public IReadOnlyList<SyntaxError> Errors { get; } = errors;
    public bool HasErrors => Errors.Count > 0;

    /// <summary>The parser's work, counted the same on every machine: tokens read plus levels of recursion entered
    /// (both attempts when a deeply nested file is parsed again on a larger stack). Tests bound it by the input's
    /// size to show the parse is linear, where a wall-clock limit would flake on a busy machine.</summary>
    public long Steps { get; init; }
}
