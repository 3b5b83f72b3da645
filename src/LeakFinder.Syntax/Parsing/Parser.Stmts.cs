using LeakFinder.Syntax.Ast;

namespace LeakFinder.Syntax.Parsing;

public sealed partial class Parser
{
    // Parsing modes for ParseSimpleStmt.
    private const int Basic = 0, LabelOk = 1, RangeOk = 2;

    // Returns true as 2nd result if it parsed the assignment of a range clause (with mode == RangeOk): an
    // assignment whose right-hand side is a single unary expression of the form "range x".
    private (Stmt Stmt, bool IsRange) ParseSimpleStmt(int mode)
    {
        var x = ParseList(false);

        switch (_tok)
        {
            case Token.Define or Token.Assign or Token.AddAssign or Token.SubAssign or Token.MulAssign
                or Token.QuoAssign or Token.RemAssign or Token.AndAssign or Token.OrAssign or Token.XorAssign
                or Token.ShlAssign or Token.ShrAssign or Token.AndNotAssign:
            {
                // assignment statement, possibly part of a range clause
                var pos = _pos;
                var tok = _tok;
                Next();
                NodeList<Expr> y;
                var isRange = false;
                if (mode == RangeOk && _tok == Token.Range && (tok == Token.Define || tok == Token.Assign))
                {
                    var rpos = _pos;
                    Next();
                    y = new Expr[] { new UnaryExpr { OpPos = rpos, Op = Token.Range, X = ParseRhs() } };
                    isRange = true;
                }
                else
                    y = ParseList(true);
                var @as = new AssignStmt { Lhs = x, TokPos = pos, Tok = tok, Rhs = y };
                if (tok == Token.Define) CheckAssignStmt(@as);
                return (@as, isRange);
            }
        }

        if (x.Length > 1)
        {
            ErrorExpected(x[0].Pos(), "1 expression");
            // continue with first expression
        }

        switch (_tok)
        {
            case Token.Colon:
            {
                // labeled statement
                var colon = _pos;
                Next();
                if (mode == LabelOk && x[0] is Ident label)
                {
                    // Go spec: the scope of a label is the body of the function in which it is declared and
                    // excludes the body of any nested function.
                    _sawLabel = true;
                    return (new LabeledStmt { Label = label, Colon = colon, Stmt = ParseStmt() }, false);
                }
                // The label declaration typically starts at x[0].Pos(), but it may be erroneous due to a token
                // after that position (and before the ':'); report at the colon so that the only error reported
                // for the line is the illegal label error.
                Error(colon, "illegal label declaration");
                return (new BadStmt { From = x[0].Pos(), To = colon + 1 }, false);
            }

            case Token.Arrow:
            {
                // send statement
                var arrow = _pos;
                Next();
                var y = ParseRhs();
                return (new SendStmt { Chan = x[0], Arrow = arrow, Value = y }, false);
            }

            case Token.Inc or Token.Dec:
            {
                // increment or decrement
                var s = new IncDecStmt { X = x[0], TokPos = _pos, Tok = _tok };
                Next();
                return (s, false);
            }
        }

        // expression
        return (new ExprStmt { X = x[0] }, false);
    }

    private void CheckAssignStmt(AssignStmt @as)
    {
        foreach (var x in @as.Lhs)
            if (x is not Ident) ErrorExpected(x.Pos(), "identifier on left side of :=");
    }

    private CallExpr? ParseCallExpr(string callType)
    {
        var x = ParseRhsOrType(); // could be a conversion: (some type)(x)
        if (x is CallExpr call) return call;
        if (x is not BadExpr)
        {
            // only report error if it's a new one
            Error(SafePos(x.End()), $"function must be invoked in {callType} statement");
        }
        return null;
    }

    private Stmt ParseGoStmt()
    {
        var pos = Expect(Token.Go);
        var call = ParseCallExpr("go");
        ExpectSemi();
        if (call == null) return new BadStmt { From = pos, To = pos + 2 }; // len("go")
        return new GoStmt { Go = pos, Call = call };
    }

    private Stmt ParseDeferStmt()
    {
        var pos = Expect(Token.Defer);
        var call = ParseCallExpr("defer");
        ExpectSemi();
        if (call == null) return new BadStmt { From = pos, To = pos + 5 }; // len("defer")
        return new DeferStmt { Defer = pos, Call = call };
    }

    private ReturnStmt ParseReturnStmt()
    {
        var pos = _pos;
        Expect(Token.Return);
        NodeList<Expr> x = default;
        if (_tok != Token.Semicolon && _tok != Token.RBrace) x = ParseList(true);
        ExpectSemi();
        return new ReturnStmt { Return = pos, Results = x };
    }

    private BranchStmt ParseBranchStmt(Token tok)
    {
        var pos = Expect(tok);
        Ident? label = null;
        if (tok != Token.Fallthrough && _tok == Token.Ident) label = ParseIdent();
        ExpectSemi();
        return new BranchStmt { TokPos = pos, Tok = tok, Label = label };
    }

    private Expr? MakeExpr(Stmt? s, string want)
    {
        if (s == null) return null;
        if (s is ExprStmt es) return CheckExpr(es.X);
        var found = s is AssignStmt ? "assignment" : "simple statement";
        Error(s.Pos(), $"expected {want}, found {found} (missing parentheses around composite literal?)");
        return new BadExpr { From = s.Pos(), To = SafePos(s.End()) };
    }

    // An adjusted version of parser.header in cmd/compile/internal/syntax, tuned for better error handling.
    private (Stmt? Init, Expr Cond) ParseIfHeader()
    {
        Stmt? init = null;
        Expr? cond = null;
        if (_tok == Token.LBrace)
        {
            Error(_pos, "missing condition in if statement");
            return (null, new BadExpr { From = _pos, To = _pos });
        }
        // _tok != LBrace

        var prevLev = _exprLev;
        _exprLev = -1;

        if (_tok != Token.Semicolon)
        {
            // accept potential variable declaration but complain
            if (_tok == Token.Var)
            {
                Next();
                Error(_pos, "var declaration not allowed in 'IF' initializer");
            }
            (init, _) = ParseSimpleStmt(Basic);
        }

        Stmt? condStmt = null;
        var semiPos = Pos.NoPos;
        var semiLit = ""; // ";" or "\n"; valid if semiPos is valid
        if (_tok != Token.LBrace)
        {
            if (_tok == Token.Semicolon)
            {
                semiPos = _pos;
                semiLit = _lit;
                Next();
            }
            else
                Expect(Token.Semicolon);
            if (_tok != Token.LBrace) (condStmt, _) = ParseSimpleStmt(Basic);
        }
        else
        {
            condStmt = init;
            init = null;
        }

        if (condStmt != null)
            cond = MakeExpr(condStmt, "boolean expression");
        else if (semiPos.IsValid)
        {
            if (semiLit == "\n") Error(semiPos, "unexpected newline, expecting { after if clause");
            else Error(semiPos, "missing condition in if statement");
        }

        // make sure we have a valid AST
        cond ??= new BadExpr { From = _pos, To = _pos };

        _exprLev = prevLev;
        return (init, cond);
    }

    private IfStmt ParseIfStmt()
    {
        IncNestLev();
        var pos = Expect(Token.If);
        var (init, cond) = ParseIfHeader();
        var body = ParseBlockStmt();

        Stmt? @else = null;
        if (_tok == Token.Else)
        {
            Next();
            switch (_tok)
            {
                case Token.If:
                    @else = ParseIfStmt();
                    break;
                case Token.LBrace:
                    @else = ParseBlockStmt();
                    ExpectSemi();
                    break;
                default:
                    ErrorExpected(_pos, "if statement or block");
                    @else = new BadStmt { From = _pos, To = _pos };
                    break;
            }
        }
        else
            ExpectSemi();

        DecNestLev();
        return new IfStmt { If = pos, Init = init, Cond = cond, Body = body, Else = @else };
    }

    private NodeList<Expr> ParseTypeList()
    {
        var mark = _exprs.Mark;
        _exprs.Push(ParseType());
        while (_tok == Token.Comma)
        {
            Next();
            _exprs.Push(ParseType());
        }
        return _exprs.PopToArray(mark);
    }

    private CaseClause ParseCaseClause(bool typeSwitch)
    {
        var pos = _pos;
        NodeList<Expr> list = default;
        if (_tok == Token.Case)
        {
            Next();
            list = typeSwitch ? ParseTypeList() : ParseList(true);
        }
        else
            Expect(Token.Default);

        var colon = Expect(Token.Colon);
        var body = ParseStmtList();
        return new CaseClause { Case = pos, List = list, Colon = colon, Body = body };
    }

    private static bool IsTypeSwitchAssert(Expr x) => x is TypeAssertExpr { Type: null };

    private bool IsTypeSwitchGuard(Stmt? s)
    {
        switch (s)
        {
            case ExprStmt t:
                // x.(type)
                return IsTypeSwitchAssert(t.X);
            case AssignStmt t:
                // v := x.(type)
                if (t.Lhs.Count == 1 && t.Rhs.Count == 1 && IsTypeSwitchAssert(t.Rhs[0]))
                {
                    switch (t.Tok)
                    {
                        case Token.Assign:
                            // permit v = x.(type) but complain
                            Error(t.TokPos, "expected ':=', found '='");
                            return true;
                        case Token.Define:
                            return true;
                    }
                }
                break;
        }
        return false;
    }

    private Stmt ParseSwitchStmt()
    {
        var pos = Expect(Token.Switch);

        Stmt? s1 = null, s2 = null;
        if (_tok != Token.LBrace)
        {
            var prevLev = _exprLev;
            _exprLev = -1;
            if (_tok != Token.Semicolon) (s2, _) = ParseSimpleStmt(Basic);
            if (_tok == Token.Semicolon)
            {
                Next();
                s1 = s2;
                s2 = null;
                if (_tok != Token.LBrace)
                {
                    // A TypeSwitchGuard may declare a variable in addition to the variable declared in the
                    // initial SimpleStmt; if we don't have a type switch, s2 must be an expression.
                    (s2, _) = ParseSimpleStmt(Basic);
                }
            }
            _exprLev = prevLev;
        }

        var typeSwitch = IsTypeSwitchGuard(s2);
        var lbrace = Expect(Token.LBrace);
        var mark = _stmts.Mark;
        while (_tok == Token.Case || _tok == Token.Default) _stmts.Push(ParseCaseClause(typeSwitch));
        var list = _stmts.PopToArray(mark);
        var rbrace = Expect(Token.RBrace);
        ExpectSemi();
        var body = new BlockStmt { Lbrace = lbrace, List = list, Rbrace = rbrace };

        if (typeSwitch) return new TypeSwitchStmt { Switch = pos, Init = s1, Assign = s2!, Body = body };
        return new SwitchStmt { Switch = pos, Init = s1, Tag = MakeExpr(s2, "switch expression"), Body = body };
    }

    private CommClause ParseCommClause()
    {
        var pos = _pos;
        Stmt? comm = null;
        if (_tok == Token.Case)
        {
            Next();
            var lhs = ParseList(false);
            if (_tok == Token.Arrow)
            {
                // SendStmt
                if (lhs.Length > 1)
                {
                    ErrorExpected(lhs[0].Pos(), "1 expression");
                    // continue with first expression
                }
                var arrow = _pos;
                Next();
                var rhs = ParseRhs();
                comm = new SendStmt { Chan = lhs[0], Arrow = arrow, Value = rhs };
            }
            else
            {
                // RecvStmt
                var tok = _tok;
                if (tok == Token.Assign || tok == Token.Define)
                {
                    // RecvStmt with assignment
                    if (lhs.Length > 2)
                    {
                        ErrorExpected(lhs[0].Pos(), "1 or 2 expressions");
                        // continue with first two expressions
                        lhs = lhs[..2];
                    }
                    var apos = _pos;
                    Next();
                    var rhs = ParseRhs();
                    var @as = new AssignStmt { Lhs = lhs, TokPos = apos, Tok = tok, Rhs = new[] { rhs } };
                    if (tok == Token.Define) CheckAssignStmt(@as);
                    comm = @as;
                }
                else
                {
                    // lhs must be single receive operation
                    if (lhs.Length > 1)
                    {
                        ErrorExpected(lhs[0].Pos(), "1 expression");
                        // continue with first expression
                    }
                    comm = new ExprStmt { X = lhs[0] };
                }
            }
        }
        else
            Expect(Token.Default);

        var colon = Expect(Token.Colon);
        var body = ParseStmtList();
        return new CommClause { Case = pos, Comm = comm, Colon = colon, Body = body };
    }

    private SelectStmt ParseSelectStmt()
    {
        var pos = Expect(Token.Select);
        var lbrace = Expect(Token.LBrace);
        var mark = _stmts.Mark;
        while (_tok == Token.Case || _tok == Token.Default) _stmts.Push(ParseCommClause());
        var list = _stmts.PopToArray(mark);
        var rbrace = Expect(Token.RBrace);
        ExpectSemi();
        var body = new BlockStmt { Lbrace = lbrace, List = list, Rbrace = rbrace };
        return new SelectStmt { Select = pos, Body = body };
    }

    private Stmt ParseForStmt()
    {
        var pos = Expect(Token.For);

        Stmt? s1 = null, s2 = null, s3 = null;
        var isRange = false;
        if (_tok != Token.LBrace)
        {
            var prevLev = _exprLev;
            _exprLev = -1;
            if (_tok != Token.Semicolon)
            {
                if (_tok == Token.Range)
                {
                    // "for range x" (nil lhs in assignment)
                    var rpos = _pos;
                    Next();
                    var y = new Expr[] { new UnaryExpr { OpPos = rpos, Op = Token.Range, X = ParseRhs() } };
                    s2 = new AssignStmt { Rhs = y };
                    isRange = true;
                }
                else
                    (s2, isRange) = ParseSimpleStmt(RangeOk);
            }
            if (!isRange && _tok == Token.Semicolon)
            {
                Next();
                s1 = s2;
                s2 = null;
                if (_tok != Token.Semicolon) (s2, _) = ParseSimpleStmt(Basic);
                ExpectSemi();
                if (_tok != Token.LBrace) (s3, _) = ParseSimpleStmt(Basic);
            }
            _exprLev = prevLev;
        }

        var body = ParseBlockStmt();
        ExpectSemi();

        if (isRange)
        {
            var @as = (AssignStmt)s2!;
            // check lhs
            Expr? key = null, value = null;
            switch (@as.Lhs.Count)
            {
                case 0:
                    break; // nothing to do
                case 1:
                    key = @as.Lhs[0];
                    break;
                case 2:
                    key = @as.Lhs[0];
                    value = @as.Lhs[1];
                    break;
                default:
                    ErrorExpected(@as.Lhs.Last.Pos(), "at most 2 expressions");
                    return new BadStmt { From = pos, To = SafePos(body.End()) };
            }
            // ParseSimpleStmt returned a right-hand side that is a single unary expression "range x"
            var x = ((UnaryExpr)@as.Rhs[0]).X;
            return new RangeStmt { For = pos, Key = key, Value = value, TokPos = @as.TokPos, Tok = @as.Tok, X = x, Body = body };
        }

        // regular for statement
        return new ForStmt { For = pos, Init = s1, Cond = MakeExpr(s2, "boolean or range expression"), Post = s3, Body = body };
    }

    private Stmt ParseStmt()
    {
        IncNestLev();
        var s = ParseStmt0();
        DecNestLev();
        return s;
    }

    private Stmt ParseStmt0()
    {
        Stmt s;
        switch (_tok)
        {
            case Token.Const or Token.Type or Token.Var:
                s = new DeclStmt { Decl = ParseDecl(StmtStart) };
                break;
            case Token.Ident or Token.Int or Token.Float or Token.Imag or Token.Char or Token.String or Token.Func
                or Token.LParen // operands
                or Token.LBrack or Token.Struct or Token.Map or Token.Chan or Token.Interface // composite types
                or Token.Add or Token.Sub or Token.Mul or Token.And or Token.Xor or Token.Arrow or Token.Not: // unary operators
                (s, _) = ParseSimpleStmt(LabelOk);
                // because of the required look-ahead, labeled statements are parsed by ParseSimpleStmt - don't
                // expect a semicolon after them
                if (s is not LabeledStmt) ExpectSemi();
                break;
            case Token.Go:
                s = ParseGoStmt();
                break;
            case Token.Defer:
                s = ParseDeferStmt();
                break;
            case Token.Return:
                s = ParseReturnStmt();
                break;
            case Token.Break or Token.Continue or Token.Goto or Token.Fallthrough:
                s = ParseBranchStmt(_tok);
                break;
            case Token.LBrace:
                s = ParseBlockStmt();
                ExpectSemi();
                break;
            case Token.If:
                s = ParseIfStmt();
                break;
            case Token.Switch:
                s = ParseSwitchStmt();
                break;
            case Token.Select:
                s = ParseSelectStmt();
                break;
            case Token.For:
                s = ParseForStmt();
                break;
            case Token.Semicolon:
                // an explicit or implicit empty statement
                s = new EmptyStmt { Semicolon = _pos, Implicit = _lit == "\n" };
                Next();
                break;
            case Token.RBrace:
                // a semicolon may be omitted before a closing "}"
                s = new EmptyStmt { Semicolon = _pos, Implicit = true };
                break;
            default:
            {
                // no statement found
                var pos = _pos;
                ErrorExpected(pos, "statement");
                Advance(StmtStart);
                s = new BadStmt { From = pos, To = _pos };
                break;
            }
        }
        return s;
    }
}
