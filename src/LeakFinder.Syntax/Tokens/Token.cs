namespace LeakFinder.Syntax;

/// <summary>
/// The lexical tokens of Go, in go/token's order (ILLEGAL, EOF, COMMENT, literals, operators, keywords,
/// then the ad-hoc TILDE). The *Beg/*End markers delimit the classes exactly as go/token's unexported
/// literal_beg/operator_beg/keyword_beg constants do.
/// </summary>
public enum Token : byte
{
    Illegal,
    EOF,
    Comment,

    LiteralBeg,
    Ident, // main
    Int, // 12345
    Float, // 123.45
    Imag, // 123.45i
    Char, // 'a'
    String, // "abc"
    LiteralEnd,

    OperatorBeg,
    Add, Sub, Mul, Quo, Rem,
    And, Or, Xor, Shl, Shr, AndNot,
    AddAssign, SubAssign, MulAssign, QuoAssign, RemAssign,
    AndAssign, OrAssign, XorAssign, ShlAssign, ShrAssign, AndNotAssign,
    LAnd, LOr, Arrow, Inc, Dec,
    Eql, Lss, Gtr, Assign, Not,
    Neq, Leq, Geq, Define, Ellipsis,
    LParen, LBrack, LBrace, Comma, Period,
    RParen, RBrack, RBrace, Semicolon, Colon,
    OperatorEnd,

    KeywordBeg,
    Break, Case, Chan, Const, Continue,
    Default, Defer, Else, Fallthrough, For,
    Func, Go, Goto, If, Import,
    Interface, Map, Package, Range, Return,
    Select, Struct, Switch, Type, Var,
    KeywordEnd,

    AdditionalBeg,
    Tilde,
    AdditionalEnd,
}

/// <summary>go/token's methods on Token: spelling, precedence, class predicates and keyword lookup.</summary>
public static class TokenExtensions
{
    /// <summary>Operator precedences as go/token defines them.</summary>
    public const int LowestPrec = 0, UnaryPrec = 6, HighestPrec = 7;

    private static readonly string[] Spellings = BuildSpellings();

    private static string[] BuildSpellings()
    {
        var s = new string[(int)Token.AdditionalEnd + 1];
        s[(int)Token.Illegal] = "ILLEGAL"; s[(int)Token.EOF] = "EOF"; s[(int)Token.Comment] = "COMMENT";
        s[(int)Token.Ident] = "IDENT"; s[(int)Token.Int] = "INT"; s[(int)Token.Float] = "FLOAT";
        s[(int)Token.Imag] = "IMAG"; s[(int)Token.Char] = "CHAR"; s[(int)Token.String] = "STRING";
        string[] ops =
        [
            "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "&^",
            "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^=",
            "&&", "||", "<-", "++", "--", "==", "<", ">", "=", "!", "!=", "<=", ">=", ":=", "...",
            "(", "[", "{", ",", ".", ")", "]", "}", ";", ":",
        ];
        for (var i = 0; i < ops.Length; i++) s[(int)Token.Add + i] = ops[i];
        string[] keywords =
        [
            "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for",
            "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return",
            "select", "struct", "switch", "type", "var",
        ];
        for (var i = 0; i < keywords.Length; i++) s[(int)Token.Break + i] = keywords[i];
        s[(int)Token.Tilde] = "~";
        return s;
    }

    /// <summary>go/token's Token.String(): the operator or keyword text, or the class name (IDENT, INT, ...).</summary>
    public static string ToGoString(this Token tok)
    {
        var i = (int)tok;
        var s = i < Spellings.Length ? Spellings[i] : null;
        return s ?? "token(" + i + ")";
    }

    public static int Precedence(this Token op) => op switch
    {
        Token.LOr => 1,
        Token.LAnd => 2,
        Token.Eql or Token.Neq or Token.Lss or Token.Leq or Token.Gtr or Token.Geq => 3,
        Token.Add or Token.Sub or Token.Or or Token.Xor => 4,
        Token.Mul or Token.Quo or Token.Rem or Token.Shl or Token.Shr or Token.And or Token.AndNot => 5,
        _ => LowestPrec,
    };

    public static bool IsLiteral(this Token tok) => tok > Token.LiteralBeg && tok < Token.LiteralEnd;

    public static bool IsOperator(this Token tok) => (tok > Token.OperatorBeg && tok < Token.OperatorEnd) || tok == Token.Tilde;

    public static bool IsKeyword(this Token tok) => tok > Token.KeywordBeg && tok < Token.KeywordEnd;

    /// <summary>Maps an identifier to its keyword token, or Ident.</summary>
    public static Token Lookup(string ident) => Keywords.Lookup(ident.AsSpan());

    /// <summary>True if name is a Go keyword such as "func".</summary>
    public static bool IsKeyword(string name) => Keywords.Lookup(name.AsSpan()) != Token.Ident;
}

/// <summary>Keyword recognition over UTF-16 or UTF-8 text without allocating (a switch on length and first letter).</summary>
internal static class Keywords
{
    public static Token Lookup(ReadOnlySpan<char> s)
    {
        Span<byte> b = stackalloc byte[11];
        if (s.Length < 2 || s.Length > 11) return Token.Ident;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] > 0x7f) return Token.Ident;
            b[i] = (byte)s[i];
        }
        return Lookup(b[..s.Length]);
    }

    public static Token Lookup(ReadOnlySpan<byte> s)
    {
        switch (s.Length)
        {
            case 2:
                if (s[0] == 'g' && s[1] == 'o') return Token.Go;
                if (s[0] == 'i' && s[1] == 'f') return Token.If;
                return Token.Ident;
            case 3:
                if (s.SequenceEqual("for"u8)) return Token.For;
                if (s.SequenceEqual("map"u8)) return Token.Map;
                if (s.SequenceEqual("var"u8)) return Token.Var;
                return Token.Ident;
            case 4:
                switch (s[0])
                {
                    case (byte)'c':
                        if (s.SequenceEqual("case"u8)) return Token.Case;
                        if (s.SequenceEqual("chan"u8)) return Token.Chan;
                        break;
                    case (byte)'e': if (s.SequenceEqual("else"u8)) return Token.Else; break;
                    case (byte)'f': if (s.SequenceEqual("func"u8)) return Token.Func; break;
                    case (byte)'g': if (s.SequenceEqual("goto"u8)) return Token.Goto; break;
                    case (byte)'t': if (s.SequenceEqual("type"u8)) return Token.Type; break;
                }
                return Token.Ident;
            case 5:
                switch (s[0])
                {
                    case (byte)'b': if (s.SequenceEqual("break"u8)) return Token.Break; break;
                    case (byte)'c': if (s.SequenceEqual("const"u8)) return Token.Const; break;
                    case (byte)'d': if (s.SequenceEqual("defer"u8)) return Token.Defer; break;
                    case (byte)'r': if (s.SequenceEqual("range"u8)) return Token.Range; break;
                }
                return Token.Ident;
            case 6:
                switch (s[0])
                {
                    case (byte)'i': if (s.SequenceEqual("import"u8)) return Token.Import; break;
                    case (byte)'r': if (s.SequenceEqual("return"u8)) return Token.Return; break;
                    case (byte)'s':
                        if (s.SequenceEqual("select"u8)) return Token.Select;
                        if (s.SequenceEqual("struct"u8)) return Token.Struct;
                        if (s.SequenceEqual("switch"u8)) return Token.Switch;
                        break;
                }
                return Token.Ident;
            case 7:
                if (s.SequenceEqual("default"u8)) return Token.Default;
                if (s.SequenceEqual("package"u8)) return Token.Package;
                return Token.Ident;
            case 8:
                return s.SequenceEqual("continue"u8) ? Token.Continue : Token.Ident;
            case 9:
                return s.SequenceEqual("interface"u8) ? Token.Interface : Token.Ident;
            case 11:
                return s.SequenceEqual("fallthrough"u8) ? Token.Fallthrough : Token.Ident;
        }
        return Token.Ident;
    }
}
