namespace LeakFinder.Syntax.Parsing;

/// <summary>Parser options, with go/parser.Mode's values.</summary>
[Flags]
public enum ParserMode
{
    None = 0,
    /// <summary>Stop parsing after the package clause.</summary>
    PackageClauseOnly = 1 << 0,
    /// <summary>Stop parsing after the import declarations.</summary>
    ImportsOnly = 1 << 1,
    /// <summary>Parse comments and add them to the AST (File.Comments, Doc and Comment fields).</summary>
    ParseComments = 1 << 2,
    /// <summary>Report declaration errors (go/parser's resolver errors are not implemented; only "invalid package name _").</summary>
    DeclarationErrors = 1 << 4,
    /// <summary>Report all errors, not just the first per line and at most 10.</summary>
    AllErrors = 1 << 5,
}
