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
}
