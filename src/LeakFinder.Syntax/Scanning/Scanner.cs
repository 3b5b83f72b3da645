using System.Globalization;
using System.Text;

namespace LeakFinder.Syntax.Scanning;

/// <summary>Scanner options, as go/scanner.Mode.</summary>
[Flags]
public enum ScannerMode
{
    None = 0,
    /// <summary>Return comments as Comment tokens.</summary>
    ScanComments = 1,
    /// <summary>Do not insert semicolons automatically (go/scanner's unexported test-only mode).</summary>
    DontInsertSemis = 2,
}

/// <summary>Receives scanner errors at their (//line-adjusted) position.</summary>
public delegate void ScanErrorHandler(Position pos, string msg);

/// <summary>
/// The Go tokenizer, a line-by-line port of go/scanner working directly on UTF-8 bytes: automatic semicolon
/// insertion, //line directives, and go/scanner's exact error messages and positions. Literal values are the
/// exact source text (raw strings and comments have carriage returns removed, as in Go).
/// </summary>
public sealed class Scanner
{
    private const int Bom = 0xFEFF;
    private const int Eof = -1;

    private TokenFile _file = null!;
    private string _dir = "";
    private byte[] _src = [];
    private ScanErrorHandler? _err;
    private ScannerMode _mode;
    private StringTable _names = null!; // the thread's table, set by Init

    private int _ch; // current character; < 0 at end of file
    private int _offset; // character offset
    private int _rdOffset; // reading offset (position after current character)
    private int _lineOffset; // current line offset
    private bool _insertSemi; // insert a semicolon before next newline

    /// <summary>Number of errors encountered so far.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>The file being scanned.</summary>
    public TokenFile File => _file;

    /// <summary>Prepares to scan src; file.Size must equal src.Length. May report an error for the first character.</summary>
    public void Init(TokenFile file, byte[] src, ScanErrorHandler? err, ScannerMode mode)
    {
        if (file.Size != src.Length)
            throw new ArgumentException($"file size ({file.Size}) does not match src len ({src.Length})");
        _file = file;
        _dir = SplitDir(file.Name);
        _src = src;
        _err = err;
        _mode = mode;
        _ch = ' ';
        _offset = 0;
        _rdOffset = 0;
        _lineOffset = 0;
        _insertSemi = false;
        ErrorCount = 0;
        _names = StringTable.ForThread();

        Next();
        if (_ch == Bom) Next(); // ignore BOM at file beginning
    }

    private void Next()
    {
        var src = _src;
        if (_rdOffset < src.Length)
        {
            _offset = _rdOffset;
            if (_ch == '\n')
            {
                _lineOffset = _offset;
                _file.AddLine(_offset);
            }
            int r = src[_rdOffset], w = 1;
            if (r == 0)
                Error(_offset, "illegal character NUL");
            else if (r >= Utf8.RuneSelf)
            {
                r = Utf8.DecodeRune(src.AsSpan(_rdOffset), out w);
                if (r == Utf8.RuneError && w == 1)
                    Error(_offset, "illegal UTF-8 encoding");
                else if (r == Bom && _offset > 0)
                    Error(_offset, "illegal byte order mark");
            }
            _rdOffset += w;
            _ch = r;
        }
        else
        {
            _offset = src.Length;
            if (_ch == '\n')
            {
                _lineOffset = _offset;
                _file.AddLine(_offset);
            }
            _ch = Eof;
        }
    }

    private byte Peek() => _rdOffset < _src.Length ? _src[_rdOffset] : (byte)0;

    private void Error(int offs, string msg)
    {
        _err?.Invoke(_file.Position(_file.Pos(offs)), msg);
        ErrorCount++;
    }

    private string ScanComment()
    {
        // initial '/' already consumed; _ch == '/' || _ch == '*'
        var offs = _offset - 1; // position of initial '/'
        var next = -1; // position immediately following the comment; < 0 means invalid comment
        var numCR = 0;

        if (_ch == '/')
        {
            //-style comment (the final '\n' is not considered part of the comment)
            Next();
            while (_ch != '\n' && _ch >= 0)
            {
                if (_ch == '\r') numCR++;
                Next();
            }
            next = _offset;
            if (_ch == '\n') next++;
        }
        else
        {
            /*-style comment */
            Next();
            var terminated = false;
            while (_ch >= 0)
            {
                var ch = _ch;
                if (ch == '\r') numCR++;
                Next();
                if (ch == '*' && _ch == '/')
                {
                    Next();
                    next = _offset;
                    terminated = true;
                    break;
                }
            }
            if (!terminated) Error(offs, "comment not terminated");
        }

        var lit = _src.AsSpan(offs, _offset - offs);

        // A //-comment line may end in "\r\n": drop the final '\r' before looking for a line directive
        // (matching the compiler); other '\r' are removed afterwards.
        if (numCR > 0 && lit.Length >= 2 && lit[1] == '/' && lit[^1] == '\r')
        {
            lit = lit[..^1];
            numCR--;
        }

        // interpret line directives (//line directives must start at the beginning of the current line)
        if (next >= 0 && (lit[1] == '*' || offs == _lineOffset) && lit[2..].StartsWith("line "u8))
            UpdateLineInfo(next, offs, lit);

        if (numCR > 0) return GoString(StripCR(lit, lit[1] == '*'));
        return GoString(lit);
    }

    // Parses a comment as a line directive and records the alternative position for offset next.
    private void UpdateLineInfo(int next, int offs, ReadOnlySpan<byte> text)
    {
        if (text[1] == '*') text = text[..^2]; // lop off trailing "*/"
        text = text[7..]; // lop off leading "//line " or "/*line "
        offs += 7;

        var (i, n, ok) = TrailingDigits(text);
        if (i == 0) return; // not a line directive

        if (!ok)
        {
            Error(offs + i, "invalid line number: " + GoString(text[i..]));
            return;
        }

        // Cap line and column numbers: 30 bits leave room before an int32 wraps.
        const long maxLineCol = (1 << 30) - 1;
        long line, col = 0;
        var (i2, n2, ok2) = TrailingDigits(text[..(i - 1)]);
        if (ok2)
        {
            //line filename:line:col
            (i, i2) = (i2, i);
            (line, col) = (n2, n);
            if (col == 0 || col > maxLineCol)
            {
                Error(offs + i2, "invalid column number: " + GoString(text[i2..]));
                return;
            }
            text = text[..(i2 - 1)]; // lop off ":col"
        }
        else
        {
            //line filename:line
            line = n;
        }

        if (line == 0 || line > maxLineCol)
        {
            Error(offs + i, "invalid line number: " + GoString(text[i..]));
            return;
        }

        // With a column (filename:line:col form), an empty filename means the previous filename.
        var filename = GoString(text[..(i - 1)]);
        if (filename.Length == 0 && ok2)
            filename = _file.Position(_file.Pos(offs)).Filename;
        else if (filename.Length != 0)
        {
            // A relative filename is placed in the current directory, for compatibility (Go issue 26671).
            filename = GoPath.Clean(filename);
            if (!GoPath.IsAbs(filename)) filename = GoPath.Join(_dir, filename);
        }

        _file.AddLineColumnInfo(next, filename, (int)line, (int)col);
    }

    // Finds the last ':' and parses the digits after it as strconv.ParseUint(s, 10, 0) would.
    private static (int I, long N, bool Ok) TrailingDigits(ReadOnlySpan<byte> text)
    {
        var i = text.LastIndexOf((byte)':'); // look from the right (Windows filenames may contain ':')
        if (i < 0) return (0, 0, false);
        var digits = text[(i + 1)..];
        if (digits.Length == 0) return (i + 1, 0, false);
        ulong n = 0;
        foreach (var b in digits)
        {
            if (b < '0' || b > '9') return (i + 1, 0, false);
            var d = (ulong)(b - '0');
            if (n > (ulong.MaxValue - d) / 10) return (i + 1, unchecked((long)ulong.MaxValue), false);
            n = n * 10 + d;
        }
        return (i + 1, unchecked((long)n), true);
    }

    // Reports whether the comment(s) starting at the current '/' are followed by a newline or EOF before the
    // next token, then restores the scanner to the initial '/'.
    private bool FindLineEnd()
    {
        var offs = _offset - 1;
        try
        {
            while (_ch == '/' || _ch == '*')
            {
                if (_ch == '/') return true; //-style comment always contains a newline
                /*-style comment: look for newline */
                Next();
                while (_ch >= 0)
                {
                    var ch = _ch;
                    if (ch == '\n') return true;
                    Next();
                    if (ch == '*' && _ch == '/')
                    {
                        Next();
                        break;
                    }
                }
                SkipWhitespace(); // _insertSemi is set
                if (_ch < 0 || _ch == '\n') return true;
                if (_ch != '/') return false; // non-comment token
                Next(); // consume '/'
            }
            return false;
        }
        finally
        {
            // reset scanner state to where it was upon calling FindLineEnd
            _ch = '/';
            _offset = offs;
            _rdOffset = offs + 1;
            Next(); // consume initial '/' again
        }
    }

    private static bool IsLetter(int ch) =>
        (uint)((ch | 0x20) - 'a') <= 'z' - 'a' || ch == '_' || (ch >= Utf8.RuneSelf && Utf8.IsLetter(ch));

    private static bool IsDigit(int ch) => IsDecimal(ch) || (ch >= Utf8.RuneSelf && Utf8.IsDigit(ch));

    private static bool IsDecimal(int ch) => (uint)(ch - '0') <= 9;

    private static int Lower(int ch) => ('a' - 'A') | ch; // lower-case ch iff ch is an ASCII letter

    private static bool IsHex(int ch) => IsDecimal(ch) || (uint)(Lower(ch) - 'a') <= 'f' - 'a';

    private static int DigitVal(int ch)
    {
        if (IsDecimal(ch)) return ch - '0';
        if ((uint)(Lower(ch) - 'a') <= 'f' - 'a') return Lower(ch) - 'a' + 10;
        return 16; // larger than any legal digit val
    }

    // Reads the identifier at _offset (the current character is known to be a letter).
    private (Token Tok, string Lit) ScanIdentifier()
    {
        var offs = _offset;
        var src = _src;
        // Fast path: ASCII letters and digits without going through Next().
        var rd = _rdOffset;
        while (rd < src.Length)
        {
            var b = src[rd];
            if ((uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == '_' || (uint)(b - '0') <= 9)
            {
                rd++;
                continue;
            }
            _rdOffset = rd;
            if (b > 0 && b < Utf8.RuneSelf)
            {
                // An ASCII non-identifier character: the previous character is not '\n', so no line
                // accounting is needed.
                _ch = b;
                _offset = _rdOffset;
                _rdOffset++;
            }
            else
            {
                Next();
                while (IsLetter(_ch) || IsDigit(_ch)) Next();
            }
            return Finish(offs);
        }
        _offset = src.Length;
        _rdOffset = src.Length;
        _ch = Eof;
        return Finish(offs);

        (Token, string) Finish(int start)
        {
            var span = _src.AsSpan(start, _offset - start);
            if (span.Length > 1)
            {
                var kw = Keywords.Lookup(span);
                if (kw != Token.Ident) return (kw, kw.ToGoString());
            }
            return (Token.Ident, _names.Intern(_src, start, span.Length));
        }
    }

    // digits accepts { digit | '_' }; for base <= 10 it records the offset of the first digit >= base in invalid.
    // Returns bit 0 set if there were digits, bit 1 set if there were '_' separators.
    private int Digits(int @base, ref int invalid)
    {
        var digsep = 0;
        if (@base <= 10)
        {
            var max = '0' + @base;
            while (IsDecimal(_ch) || _ch == '_')
            {
                var ds = 1;
                if (_ch == '_') ds = 2;
                else if (_ch >= max && invalid < 0) invalid = _offset; // record invalid rune offset
                digsep |= ds;
                Next();
            }
        }
        else
        {
            while (IsHex(_ch) || _ch == '_')
            {
                digsep |= _ch == '_' ? 2 : 1;
                Next();
            }
        }
        return digsep;
    }

    private (Token Tok, string Lit) ScanNumber()
    {
        var offs = _offset;
        var tok = Token.Illegal;
        var @base = 10; // number base
        var prefix = 0; // one of 0 (decimal), '0' (0-octal), 'x', 'o', or 'b'
        var digsep = 0; // bit 0: digit present, bit 1: '_' present
        var invalid = -1; // index of invalid digit in literal, or < 0

        // integer part
        if (_ch != '.')
        {
            tok = Token.Int;
            if (_ch == '0')
            {
                Next();
                switch (Lower(_ch))
                {
                    case 'x': Next(); (@base, prefix) = (16, 'x'); break;
                    case 'o': Next(); (@base, prefix) = (8, 'o'); break;
                    case 'b': Next(); (@base, prefix) = (2, 'b'); break;
                    default: (@base, prefix) = (8, '0'); digsep = 1; break; // leading 0
                }
            }
            digsep |= Digits(@base, ref invalid);
        }

        // fractional part
        if (_ch == '.')
        {
            tok = Token.Float;
            if (prefix == 'o' || prefix == 'b') Error(_offset, "invalid radix point in " + LitName(prefix));
            Next();
            digsep |= Digits(@base, ref invalid);
        }

        if ((digsep & 1) == 0) Error(_offset, LitName(prefix) + " has no digits");

        // exponent
        var e = Lower(_ch);
        if (e == 'e' || e == 'p')
        {
            if (e == 'e' && prefix != 0 && prefix != '0')
                Error(_offset, $"'{(char)_ch}' exponent requires decimal mantissa");
            else if (e == 'p' && prefix != 'x')
                Error(_offset, $"'{(char)_ch}' exponent requires hexadecimal mantissa");
            Next();
            tok = Token.Float;
            if (_ch == '+' || _ch == '-') Next();
            var none = -1;
            var ds = Digits(10, ref none);
            digsep |= ds;
            if ((ds & 1) == 0) Error(_offset, "exponent has no digits");
        }
        else if (prefix == 'x' && tok == Token.Float)
            Error(_offset, "hexadecimal mantissa requires a 'p' exponent");

        // suffix 'i'
        if (_ch == 'i')
        {
            tok = Token.Imag;
            Next();
        }

        var lit = _src.AsSpan(offs, _offset - offs);
        if (tok == Token.Int && invalid >= 0)
            Error(invalid, $"invalid digit {QuoteByte(lit[invalid - offs])} in {LitName(prefix)}");
        if ((digsep & 2) != 0)
        {
            var i = InvalidSep(lit);
            if (i >= 0) Error(offs + i, "'_' must separate successive digits");
        }
        return (tok, GoString(lit));
    }

    // %q of a byte value: a single-quoted Go character literal.
    private static string QuoteByte(byte b) => b switch
    {
        (byte)'\'' => @"'\''",
        (byte)'\\' => @"'\\'",
        >= 0x20 and < 0x7f => "'" + (char)b + "'",
        _ => "'" + QuoteRuneBody(b) + "'",
    };

    private static string QuoteRuneBody(int r) => r switch
    {
        '\a' => @"\a", '\b' => @"\b", '\f' => @"\f", '\n' => @"\n", '\r' => @"\r", '\t' => @"\t", '\v' => @"\v",
        < 0x80 => @"\x" + r.ToString("x2", CultureInfo.InvariantCulture),
        _ => Utf8.IsPrint(r) ? Utf8.RuneString(r) : @"\u" + r.ToString("x4", CultureInfo.InvariantCulture),
    };

    private static string LitName(int prefix) => prefix switch
    {
        'x' => "hexadecimal literal",
        'o' or '0' => "octal literal",
        'b' => "binary literal",
        _ => "decimal literal",
    };

    // Returns the index of the first invalid '_' separator in x, or -1.
    private static int InvalidSep(ReadOnlySpan<byte> x)
    {
        var x1 = ' '; // prefix char, we only care if it's 'x'
        var d = '.'; // digit, one of '_', '0' (a digit), or '.' (anything else)
        var i = 0;

        // a prefix counts as a digit
        if (x.Length >= 2 && x[0] == '0')
        {
            x1 = (char)Lower(x[1]);
            if (x1 == 'x' || x1 == 'o' || x1 == 'b')
            {
                d = '0';
                i = 2;
            }
        }

        // mantissa and exponent
        for (; i < x.Length; i++)
        {
            var p = d; // previous digit
            d = (char)x[i];
            if (d == '_')
            {
                if (p != '0') return i;
            }
            else if (IsDecimal(d) || (x1 == 'x' && IsHex(d)))
                d = '0';
            else
            {
                if (p == '_') return i - 1;
                d = '.';
            }
        }
        return d == '_' ? x.Length - 1 : -1;
    }

    // Parses an escape sequence with quote as the accepted escaped quote. On a syntax error it stops at the
    // offending character (without consuming it) and returns false.
    private bool ScanEscape(int quote)
    {
        var offs = _offset;
        int n;
        uint @base, max;
        switch (_ch)
        {
            case 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '\\':
                Next();
                return true;
            case '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7':
                (n, @base, max) = (3, 8, 255);
                break;
            case 'x':
                Next();
                (n, @base, max) = (2, 16, 255);
                break;
            case 'u':
                Next();
                (n, @base, max) = (4, 16, Utf8.MaxRune);
                break;
            case 'U':
                Next();
                (n, @base, max) = (8, 16, Utf8.MaxRune);
                break;
            default:
                if (_ch == quote)
                {
                    Next();
                    return true;
                }
                Error(offs, _ch < 0 ? "escape sequence not terminated" : "unknown escape sequence");
                return false;
        }

        uint x = 0;
        while (n > 0)
        {
            var d = (uint)DigitVal(_ch);
            if (d >= @base)
            {
                Error(_offset, _ch < 0 ? "escape sequence not terminated" : $"illegal character {Utf8.FormatU(_ch)} in escape sequence");
                return false;
            }
            x = x * @base + d;
            Next();
            n--;
        }

        if (x > max || (x >= 0xD800 && x < 0xE000))
        {
            Error(offs, "escape sequence is invalid Unicode code point");
            return false;
        }
        return true;
    }

    private string ScanRune()
    {
        // '\'' opening already consumed
        var offs = _offset - 1;
        var valid = true;
        var n = 0;
        while (true)
        {
            var ch = _ch;
            if (ch == '\n' || ch < 0)
            {
                // only report error if we don't have one already
                if (valid)
                {
                    Error(offs, "rune literal not terminated");
                    valid = false;
                }
                break;
            }
            Next();
            if (ch == '\'') break;
            n++;
            if (ch == '\\' && !ScanEscape('\'')) valid = false; // continue to read to closing quote
        }
        if (valid && n != 1) Error(offs, "illegal rune literal");
        return GoString(_src.AsSpan(offs, _offset - offs));
    }

    private string ScanString()
    {
        // '"' opening already consumed
        var offs = _offset - 1;
        while (true)
        {
            var ch = _ch;
            if (ch == '\n' || ch < 0)
            {
                Error(offs, "string literal not terminated");
                break;
            }
            Next();
            if (ch == '"') break;
            if (ch == '\\') ScanEscape('"');
        }
        return GoString(_src.AsSpan(offs, _offset - offs));
    }

    private static byte[] StripCR(ReadOnlySpan<byte> b, bool comment)
    {
        var c = new byte[b.Length];
        var i = 0;
        for (var j = 0; j < b.Length; j++)
        {
            var ch = b[j];
            // In a /*-style comment, keep the \r of *\r/ (and of *\r\r...\r/): dropping it would close the comment
            // early, unless the \r directly follows the opening /* (Go issue 11151).
            if (ch != '\r' || (comment && i > 2 && c[i - 1] == '*' && j + 1 < b.Length && b[j + 1] == '/'))
                c[i++] = ch;
        }
        return c.AsSpan(0, i).ToArray();
    }

    private string ScanRawString()
    {
        // '`' opening already consumed
        var offs = _offset - 1;
        var hasCR = false;
        while (true)
        {
            var ch = _ch;
            if (ch < 0)
            {
                Error(offs, "raw string literal not terminated");
                break;
            }
            Next();
            if (ch == '`') break;
            if (ch == '\r') hasCR = true;
        }
        var lit = _src.AsSpan(offs, _offset - offs);
        return GoString(hasCR ? StripCR(lit, false) : lit);
    }

    private void SkipWhitespace()
    {
        while (_ch == ' ' || _ch == '\t' || (_ch == '\n' && !_insertSemi) || _ch == '\r') Next();
    }

    private Token Switch2(Token tok0, Token tok1)
    {
        if (_ch == '=')
        {
            Next();
            return tok1;
        }
        return tok0;
    }

    private Token Switch3(Token tok0, Token tok1, int ch2, Token tok2)
    {
        if (_ch == '=')
        {
            Next();
            return tok1;
        }
        if (_ch == ch2)
        {
            Next();
            return tok2;
        }
        return tok0;
    }

    private Token Switch4(Token tok0, Token tok1, int ch2, Token tok2, Token tok3)
    {
        if (_ch == '=')
        {
            Next();
            return tok1;
        }
        if (_ch == ch2)
        {
            Next();
            if (_ch == '=')
            {
                Next();
                return tok3;
            }
            return tok2;
        }
        return tok0;
    }

    /// <summary>
    /// Scans the next token. Literal tokens, comments and keywords come with their source text; Semicolon comes
    /// with ";" if present in the source and "\n" if inserted at a newline or EOF; Illegal comes with the offending
    /// character; every other token comes with "".
    /// </summary>
    public Token Scan(out Pos pos, out string lit)
    {
    scanAgain:
        SkipWhitespace();

        // current token start
        pos = new Pos(_file.Base + _offset);
        lit = "";
        var insertSemi = false;
        Token tok;
        var ch = _ch;
        if (IsLetter(ch))
        {
            (tok, lit) = ScanIdentifier();
            insertSemi = tok is Token.Ident or Token.Break or Token.Continue or Token.Fallthrough or Token.Return;
        }
        else if (IsDecimal(ch) || (ch == '.' && IsDecimal(Peek())))
        {
            insertSemi = true;
            (tok, lit) = ScanNumber();
        }
        else
        {
            Next(); // always make progress
            switch (ch)
            {
                case -1:
                    if (_insertSemi)
                    {
                        _insertSemi = false; // EOF consumed
                        lit = "\n";
                        return Token.Semicolon;
                    }
                    tok = Token.EOF;
                    break;
                case '\n':
                    // only reached if _insertSemi was set and SkipWhitespace stopped here
                    _insertSemi = false; // newline consumed
                    lit = "\n";
                    return Token.Semicolon;
                case '"':
                    insertSemi = true;
                    tok = Token.String;
                    lit = ScanString();
                    break;
                case '\'':
                    insertSemi = true;
                    tok = Token.Char;
                    lit = ScanRune();
                    break;
                case '`':
                    insertSemi = true;
                    tok = Token.String;
                    lit = ScanRawString();
                    break;
                case ':':
                    tok = Switch2(Token.Colon, Token.Define);
                    break;
                case '.':
                    // fractions starting with a '.' are handled above
                    tok = Token.Period;
                    if (_ch == '.' && Peek() == '.')
                    {
                        Next();
                        Next(); // consume last '.'
                        tok = Token.Ellipsis;
                    }
                    break;
                case ',': tok = Token.Comma; break;
                case ';':
                    tok = Token.Semicolon;
                    lit = ";";
                    break;
                case '(': tok = Token.LParen; break;
                case ')':
                    insertSemi = true;
                    tok = Token.RParen;
                    break;
                case '[': tok = Token.LBrack; break;
                case ']':
                    insertSemi = true;
                    tok = Token.RBrack;
                    break;
                case '{': tok = Token.LBrace; break;
                case '}':
                    insertSemi = true;
                    tok = Token.RBrace;
                    break;
                case '+':
                    tok = Switch3(Token.Add, Token.AddAssign, '+', Token.Inc);
                    if (tok == Token.Inc) insertSemi = true;
                    break;
                case '-':
                    tok = Switch3(Token.Sub, Token.SubAssign, '-', Token.Dec);
                    if (tok == Token.Dec) insertSemi = true;
                    break;
                case '*': tok = Switch2(Token.Mul, Token.MulAssign); break;
                case '/':
                    if (_ch == '/' || _ch == '*')
                    {
                        // comment
                        if (_insertSemi && FindLineEnd())
                        {
                            // reset position to the beginning of the comment
                            _ch = '/';
                            _offset = _file.Offset(pos);
                            _rdOffset = _offset + 1;
                            _insertSemi = false; // newline consumed
                            lit = "\n";
                            return Token.Semicolon;
                        }
                        var comment = ScanComment();
                        if ((_mode & ScannerMode.ScanComments) == 0)
                        {
                            // skip comment
                            _insertSemi = false; // newline consumed
                            goto scanAgain;
                        }
                        tok = Token.Comment;
                        lit = comment;
                    }
                    else
                        tok = Switch2(Token.Quo, Token.QuoAssign);
                    break;
                case '%': tok = Switch2(Token.Rem, Token.RemAssign); break;
                case '^': tok = Switch2(Token.Xor, Token.XorAssign); break;
                case '<':
                    if (_ch == '-')
                    {
                        Next();
                        tok = Token.Arrow;
                    }
                    else
                        tok = Switch4(Token.Lss, Token.Leq, '<', Token.Shl, Token.ShlAssign);
                    break;
                case '>': tok = Switch4(Token.Gtr, Token.Geq, '>', Token.Shr, Token.ShrAssign); break;
                case '=': tok = Switch2(Token.Assign, Token.Eql); break;
                case '!': tok = Switch2(Token.Not, Token.Neq); break;
                case '&':
                    if (_ch == '^')
                    {
                        Next();
                        tok = Switch2(Token.AndNot, Token.AndNotAssign);
                    }
                    else
                        tok = Switch3(Token.And, Token.AndAssign, '&', Token.LAnd);
                    break;
                case '|': tok = Switch3(Token.Or, Token.OrAssign, '|', Token.LOr); break;
                case '~': tok = Token.Tilde; break;
                default:
                    // Next reports unexpected BOMs - don't repeat
                    if (ch != Bom) Error(_file.Offset(pos), "illegal character " + Utf8.FormatU(ch));
                    insertSemi = _insertSemi; // preserve insertSemi info
                    tok = Token.Illegal;
                    lit = Utf8.RuneString(ch);
                    break;
            }
        }
        if ((_mode & ScannerMode.DontInsertSemis) == 0) _insertSemi = insertSemi;
        return tok;
    }

    // Go's string(bytes): the text of source bytes (invalid UTF-8 only occurs in files that already have errors).
    private static string GoString(ReadOnlySpan<byte> b) => Encoding.UTF8.GetString(b);

    private static string SplitDir(string path)
    {
        var i = path.LastIndexOf('/');
        return i < 0 ? "" : path[..(i + 1)];
    }
}
