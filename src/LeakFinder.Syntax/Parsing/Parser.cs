using System.Runtime.CompilerServices;
using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Scanning;

namespace LeakFinder.Syntax.Parsing;

/// <summary>
/// A recursive-descent Go parser, ported from go/parser (Go 1.19) function by function and named after it, so
/// that its ASTs, comment attachment, error messages and error recovery match go/parser's. One instance parses
/// one file; instances share no mutable state, so files may be parsed in parallel.
/// </summary>
public sealed partial class Parser
{
    // go/parser's maxNestLev: the deepest nesting it is willing to parse.
    private const int MaxNestLev = 100_000;

    // Stack reserved for a parse that nests too deeply for the calling thread (see EnterDepth).
    private const int DeepStackBytes = 1024 * 1024 * 1024;

    // Nesting a parse may reach on the caller's stack before it restarts on a thread with DeepStackBytes of
    // stack. Low enough for a 1.5 MB thread-pool stack even in a Debug build, high enough that no real code
    // reaches it, so the restart (and its exception unwinding only this deep) is rare and cheap.
    private const int CallerStackDepth = 1000;

    // Nesting below which the stack is not checked at all (a few hundred bytes of stack per level).
    private const int ShallowDepth = 64;

    private readonly TokenFile _file;
    private readonly byte[] _src;
    private readonly ParserMode _mode;
    private readonly ErrorList _errors = [];
    private readonly Scanner _scanner = new();
    private readonly bool _deepStack; // running on the DeepStackBytes thread
    private int _depth; // recursion depth: nesting levels plus nested composite literal values
    private long _steps; // tokens read plus levels entered: ParseResult.Steps

    // Set when parsing is abandoned (too many errors, or nesting too deep): go/parser panics then and returns an
    // empty file. Here the parser instead sees EOF from then on, so that every production finishes at once and
    // the recursion unwinds by ordinary returns: unwinding 100,000 levels by an exception would take seconds.
    private bool _bailout;
    private bool _sawLabel; // a labeled statement was parsed: File.HasLabels
    private bool _sawFuncLit; // a function literal was parsed: File.HasFuncLits
    private bool _needDeepStack; // bailed out because the caller's stack is too small for this file

    // Bounds on how deeply go/parser's resolver could nest scopes in this file (see MayExceedScopeDepth).
    private int _maxDepth;
    private int _genericTypeSpecs;

    // Comments
    private readonly List<CommentGroup> _comments = [];
    private CommentGroup? _leadComment; // last lead comment
    private CommentGroup? _lineComment; // last line comment

    // Next token
    private Pos _pos; // token position
    private Token _tok; // one token look-ahead
    private string _lit = ""; // token literal

    // Error recovery: limits the number of advance calls without progress (avoids endless loops across
    // several parser functions during error recovery).
    private Pos _syncPos; // last synchronization position
    private int _syncCnt; // number of advance calls without progress

    // Non-syntactic parser control
    private int _exprLev; // < 0: in control clause, >= 0: in expression
    private bool _inRhs; // if set, the parser is parsing a rhs expression

    private readonly List<ImportSpec> _imports = [];

    // Element stacks for the lists being built (see Scratch).
    private readonly Scratch<Expr> _exprs = new();
    private readonly Scratch<Stmt> _stmts = new();
    private readonly Scratch<Ident> _idents = new();
    private readonly Scratch<Field> _fields = new();
    private readonly Scratch<Comment> _commentList = new();
    private readonly Scratch<Spec> _specs = new();
    private readonly List<ParamField> _params = []; // (a struct list: marks and ranges by hand, as in Scratch)

    private int _nestLev; // recursion depth, limited to MaxNestLev

    private Parser(TokenFile file, byte[] src, ParserMode mode, bool deepStack)
    {
        _file = file;
        _src = src;
        _mode = mode;
        _deepStack = deepStack;
    }

    /// <summary>
    /// Parses one Go source file. Never throws for bad input: syntax errors are returned in the result, sorted by
    /// position (at most one per line and about 10 in all unless <see cref="ParserMode.AllErrors"/>).
    /// </summary>
    public static ParseResult ParseFile(FileSet fset, string filename, byte[] src, ParserMode mode)
    {
        ArgumentNullException.ThrowIfNull(fset);
        ArgumentNullException.ThrowIfNull(src);
        return ParseFile(fset.AddFile(filename, -1, src.Length), src, mode);
    }

    /// <summary>
    /// Parses a file again into the token file of an earlier parse of the same bytes: the same positions, so a
    /// tree let go to save memory can be rebuilt (or a header-only parse made) without a second entry in the file set.
    /// </summary>
    public static ParseResult ParseFile(TokenFile file, byte[] src, ParserMode mode)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(src);
        if (file.Size != src.Length) throw new ArgumentException($"{file.Name}: {src.Length} bytes, but its token file has {file.Size}", nameof(src));
        var parser = new Parser(file, src, mode, deepStack: false);
        var result = parser.Run();
        if (!parser._needDeepStack) return result;

        // Deeply nested input: parse again on a thread whose stack fits go/parser's nesting limit. (The file's
        // line table is already filled; adding the same lines again is a no-op.)
        var firstAttempt = result.Steps;
        var thread = new Thread(() =>
        {
            var noGc = TryPauseGc(src.Length);
            try
            {
                var again = new Parser(file, src, mode, deepStack: true).Run();
                result = new ParseResult(again.File, again.TokenFile, again.Errors) { Steps = firstAttempt + again.Steps };
            }
            finally
            {
                if (noGc) ResumeGc();
            }
        }, DeepStackBytes);
        thread.Start();
        thread.Join();
        return result;
    }

    // Every collection scans the whole stack, and a parse 100,000 levels deep collects many times at full depth:
    // quadratic time (0.3 s for 100 KB of unclosed braces). Such inputs are rare and small, so their parse asks
    // the GC to wait. Best effort: another thread may already hold a no-GC region, or allocate past the budget.
    // A larger file is not paused for: a region that covers its parse is more than the cap, and what lands here
    // at that size is long operator chains (std's 1.4 MB time/tzdata/zipdata.go, one string of 7,000 "+" terms)
    // that count as nesting but keep the stack shallow. The region commits its whole budget at once (server GC:
    // about twice it), which stayed resident to the end of a check of std: ~40 MiB of its peak RSS.
    private const long PausedBytesPerSourceByte = 1024, MaxPause = 240L << 20;

    private static bool TryPauseGc(int sourceBytes)
    {
        if (sourceBytes * PausedBytesPerSourceByte > MaxPause) return false;
        try
        {
            return GC.TryStartNoGCRegion(Math.Max(sourceBytes * PausedBytesPerSourceByte, 64L << 20));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static void ResumeGc()
    {
        try
        {
            if (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The region already ended (a collection happened): nothing to resume.
        }
    }

    private ParseResult Run()
    {
        Init();
        var f = ParseFileNode();
        if (_bailout) f = null; // too many errors, or nesting too deep: go/parser returns the errors and an empty file
        if (f != null && !_needDeepStack && MayExceedScopeDepth() && ScopeDepth.Exceeded(f) is { } deepScope)
        {
            // go/parser's object resolution bails out (and returns an empty file) on too many nested scopes
            _errors.Add(_file.Position(deepScope), "exceeded max scope depth during object resolution");
            f = null;
        }
        f ??= new Ast.File { Name = new Ident { NamePos = Pos.NoPos, Name = "" } };
        _errors.SortByPosition();
        return new ParseResult(f, _file, _errors) { Steps = _steps };
    }

    // Every scope the resolver opens inside another comes with at least a third of a level of parser nesting
    // (a for statement and its body: two scopes, one statement level; a switch with an init statement, its tag
    // and a case clause: three), except the scopes of generic type specs, which stay open for the rest of their
    // group. So only files beyond this bound need the resolver's walk, and real code never is.
    private bool MayExceedScopeDepth() => 3L * _maxDepth + _genericTypeSpecs + 2 > 1000;

    private void Init()
    {
        var m = (_mode & ParserMode.ParseComments) != 0 ? ScannerMode.ScanComments : ScannerMode.None;
        _scanner.Init(_file, _src, (pos, msg) => _errors.Add(pos, msg), m);
        Next();
    }

    // Abandons parsing: from now on the parser sees only EOF and records no more errors.
    private void Bailout()
    {
        _bailout = true;
        _tok = Token.EOF;
        _lit = "";
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing support

    private void IncNestLev()
    {
        _nestLev++;
        if (_nestLev > MaxNestLev && !_bailout)
        {
            Error(_pos, "exceeded max nesting depth");
            Bailout();
        }
        EnterDepth();
    }

    private void DecNestLev()
    {
        _nestLev--;
        _depth--;
    }

    // Counts one level of recursion and makes sure the stack can take it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnterDepth()
    {
        _depth++;
        _steps++;
        if (_depth > _maxDepth) _maxDepth = _depth;
        if (_depth <= ShallowDepth) return; // any thread's stack holds this much; skips the runtime call for real code
        if (_deepStack)
        {
            // Even a 1 GB stack can run out on constructs go/parser does not count (nested literal values).
            if (!_bailout && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                Error(_pos, "exceeded max nesting depth");
                Bailout();
            }
        }
        else if (!_bailout && (_depth > CallerStackDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack()))
        {
            _needDeepStack = true;
            Bailout();
        }
    }

    private void LeaveDepth() => _depth--;

    // Advance to the next token.
    private void Next0()
    {
        if (_bailout) return; // stays at EOF
        _steps++;
        _tok = _scanner.Scan(out _pos, out _lit);
    }

    // Consume a comment and return it and the line on which it ends.
    private Comment ConsumeComment(out int endline)
    {
        // /*-style comments may end on a different line than where they start.
        endline = _file.Line(_pos);
        if (_lit.Length > 1 && _lit[1] == '*')
        {
            foreach (var c in _lit)
                if (c == '\n') endline++;
        }
        var comment = new Comment { Slash = _pos, Text = _lit };
        Next0();
        return comment;
    }

    // Consume a group of adjacent comments, add it to the comments list, and return it together with the line
    // at which the last comment in the group ends. A non-comment token or n empty lines terminate a group.
    private CommentGroup ConsumeCommentGroup(int n, out int endline)
    {
        var mark = _commentList.Mark;
        endline = _file.Line(_pos);
        while (_tok == Token.Comment && _file.Line(_pos) <= endline + n)
            _commentList.Push(ConsumeComment(out endline));
        var comments = new CommentGroup { List = _commentList.PopToArray(mark) };
        _comments.Add(comments);
        return comments;
    }

    // Advance to the next non-comment token, collecting comment groups and remembering the last lead and line
    // comments. A lead comment starts and ends on lines without other tokens and is followed by a token on the
    // next line; a line comment follows a token on the same line and has no tokens after it on its last line.
    private void Next()
    {
        _leadComment = null;
        _lineComment = null;
        var prev = _pos;
        Next0();

        if (_tok == Token.Comment)
        {
            CommentGroup? comment = null;
            int endline;

            if (_file.Line(_pos) == _file.Line(prev))
            {
                // The comment is on same line as the previous token; it cannot be a lead comment but may be a
                // line comment.
                comment = ConsumeCommentGroup(0, out endline);
                if (_file.Line(_pos) != endline || _tok == Token.EOF)
                {
                    // The next token is on a different line, thus the last comment group is a line comment.
                    _lineComment = comment;
                }
            }

            // consume successor comments, if any
            endline = -1;
            while (_tok == Token.Comment) comment = ConsumeCommentGroup(1, out endline);

            if (endline + 1 == _file.Line(_pos))
            {
                // The next token follows on the line immediately after the comment group: a lead comment.
                _leadComment = comment;
            }
        }
    }

    private void Error(Pos pos, string msg)
    {
        if (_bailout) return;
        var epos = _file.Position(pos.IsValid ? SafePos(pos) : pos);

        // Unless AllErrors is set, discard errors on the same line as the last recorded error and stop parsing
        // when there are more than 10 errors.
        if ((_mode & ParserMode.AllErrors) == 0)
        {
            var n = _errors.Count;
            if (n > 0 && _errors[n - 1].Pos.Line == epos.Line) return; // discard - likely a spurious error
            if (n > 10)
            {
                Bailout();
                return;
            }
        }
        _errors.Add(epos, msg);
    }

    private void ErrorExpected(Pos pos, string msg)
    {
        msg = "expected " + msg;
        if (pos == _pos)
        {
            // the error happened at the current position; make the error message more specific
            if (_tok == Token.Semicolon && _lit == "\n") msg += ", found newline";
            else if (_tok.IsLiteral()) msg += ", found " + _lit; // print 123 rather than 'INT', etc.
            else msg += ", found '" + _tok.ToGoString() + "'";
        }
        Error(pos, msg);
    }

    private Pos Expect(Token tok)
    {
        var pos = _pos;
        if (_tok != tok) ErrorExpected(pos, "'" + tok.ToGoString() + "'");
        Next(); // make progress
        return pos;
    }

    // Like Expect, but returns NoPos if the expected token is not found.
    private Pos Expect2(Token tok)
    {
        var pos = Pos.NoPos;
        if (_tok == tok) pos = _pos;
        else ErrorExpected(_pos, "'" + tok.ToGoString() + "'");
        Next(); // make progress
        return pos;
    }

    // Like Expect but with a better error message for the common case of a missing comma before a newline.
    private Pos ExpectClosing(Token tok, string context)
    {
        if (_tok != tok && _tok == Token.Semicolon && _lit == "\n")
        {
            Error(_pos, "missing ',' before newline in " + context);
            Next();
        }
        return Expect(tok);
    }

    private void ExpectSemi()
    {
        // semicolon is optional before a closing ')' or '}'
        if (_tok != Token.RParen && _tok != Token.RBrace)
        {
            switch (_tok)
            {
                case Token.Comma:
                    // permit a ',' instead of a ';' but complain
                    ErrorExpected(_pos, "';'");
                    Next();
                    break;
                case Token.Semicolon:
                    Next();
                    break;
                default:
                    ErrorExpected(_pos, "';'");
                    Advance(StmtStart);
                    break;
            }
        }
    }

    private bool AtComma(string context, Token follow)
    {
        if (_tok == Token.Comma) return true;
        if (_tok != follow)
        {
            var msg = "missing ','";
            if (_tok == Token.Semicolon && _lit == "\n") msg += " before newline";
            Error(_pos, msg + " in " + context);
            return true; // "insert" comma and continue
        }
        return false;
    }

    // Consumes tokens until the current token is in the 'to' set, or EOF. For error recovery.
    private void Advance(bool[] to)
    {
        for (; _tok != Token.EOF; Next())
        {
            if (to[(int)_tok])
            {
                // Return only if the parser made progress since the last sync or has not reached 10 advance
                // calls without progress; otherwise consume at least one token to avoid an endless loop.
                if (_pos == _syncPos && _syncCnt < 10)
                {
                    _syncCnt++;
                    return;
                }
                if (_pos > _syncPos)
                {
                    _syncPos = _pos;
                    _syncCnt = 0;
                    return;
                }
            }
        }
    }

    private static bool[] TokenSet(params Token[] tokens)
    {
        var set = new bool[(int)Token.AdditionalEnd + 1];
        foreach (var t in tokens) set[(int)t] = true;
        return set;
    }

    private static readonly bool[] StmtStart = TokenSet(
        Token.Break, Token.Const, Token.Continue, Token.Defer, Token.Fallthrough, Token.For, Token.Go, Token.Goto,
        Token.If, Token.Return, Token.Select, Token.Switch, Token.Type, Token.Var);

    private static readonly bool[] DeclStart = TokenSet(Token.Const, Token.Type, Token.Var);

    private static readonly bool[] ExprEnd = TokenSet(
        Token.Comma, Token.Colon, Token.Semicolon, Token.RParen, Token.RBrack, Token.RBrace);

    // Returns pos if it lies in the file, else the EOF position: end positions computed by adding to token
    // positions can point past the end of a file with errors.
    private Pos SafePos(Pos pos) =>
        pos.Value >= _file.Base && pos.Value <= _file.Base + _file.Size ? pos : new Pos(_file.Base + _file.Size);

    // go/internal/typeparams.PackIndexExpr: X[i] for one index, X[i1, i2, ...] for several.
    private static Expr PackIndexExpr(Expr x, Pos lbrack, Expr[] exprs, Pos rbrack) =>
        exprs.Length == 1
            ? new IndexExpr { X = x, Lbrack = lbrack, Index = exprs[0], Rbrack = rbrack }
            : new IndexListExpr { X = x, Lbrack = lbrack, Indices = exprs, Rbrack = rbrack };
}
