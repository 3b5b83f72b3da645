using LeakFinder.Syntax.Ast;

namespace LeakFinder.Syntax.Parsing;

public sealed partial class Parser
{
    // ---------------------------------------------------------------------------------------------
    // Blocks

    private NodeList<Stmt> ParseStmtList()
    {
        var mark = _stmts.Mark;
        while (_tok != Token.Case && _tok != Token.Default && _tok != Token.RBrace && _tok != Token.EOF)
            _stmts.Push(ParseStmt());
        return _stmts.PopToArray(mark);
    }

    private BlockStmt ParseBody()
    {
        var lbrace = Expect(Token.LBrace);
        var list = ParseStmtList();
        var rbrace = Expect2(Token.RBrace);
        return new BlockStmt { Lbrace = lbrace, List = list, Rbrace = rbrace };
    }

    private BlockStmt ParseBlockStmt()
    {
        var lbrace = Expect(Token.LBrace);
        var list = ParseStmtList();
        var rbrace = Expect2(Token.RBrace);
        return new BlockStmt { Lbrace = lbrace, List = list, Rbrace = rbrace };
    }

    // ---------------------------------------------------------------------------------------------
    // Expressions

    private Expr ParseFuncTypeOrLit()
    {
        var typ = ParseFuncType();
        if (_tok != Token.LBrace) return typ; // function type only

        _exprLev++;
        var body = ParseBody();
        _exprLev--;
        _sawFuncLit = true;
        return new FuncLit { Type = typ, Body = body };
    }

    // May return an expression or a raw type (incl. array types of the form [...]T); callers must verify the result.
    private Expr ParseOperand()
    {
        switch (_tok)
        {
            case Token.Ident:
                return ParseIdent();

            case Token.Int or Token.Float or Token.Imag or Token.Char or Token.String:
                var lit = new BasicLit { ValuePos = _pos, Kind = _tok, Value = _lit };
                Next();
                return lit;

            case Token.LParen:
                var lparen = _pos;
                Next();
                _exprLev++;
                var x = ParseRhsOrType(); // types may be parenthesized: (some type)
                _exprLev--;
                var rparen = Expect(Token.RParen);
                return new ParenExpr { Lparen = lparen, X = x, Rparen = rparen };

            case Token.Func:
                return ParseFuncTypeOrLit();
        }

        if (TryIdentOrType() is { } typ) // do not consume trailing type parameters
        {
            // could be type for composite literal or conversion
            return typ;
        }

        // we have an error
        var pos = _pos;
        ErrorExpected(pos, "operand");
        Advance(StmtStart);
        return new BadExpr { From = pos, To = _pos };
    }

    private Expr ParseSelector(Expr x)
    {
        var sel = ParseIdent();
        return new SelectorExpr { X = x, Sel = sel };
    }

    private Expr ParseTypeAssertion(Expr x)
    {
        var lparen = Expect(Token.LParen);
        Expr? typ = null;
        if (_tok == Token.Type)
            Next(); // type switch: typ == null
        else
            typ = ParseType();
        var rparen = Expect(Token.RParen);
        return new TypeAssertExpr { X = x, Type = typ, Lparen = lparen, Rparen = rparen };
    }

    private Expr ParseIndexOrSliceOrInstance(Expr x)
    {
        var lbrack = Expect(Token.LBrack);
        if (_tok == Token.RBrack)
        {
            // empty index, slice or index expressions are not permitted; accept them for parsing tolerance,
            // but complain
            ErrorExpected(_pos, "operand");
            var rbrack0 = _pos;
            Next();
            return new IndexExpr { X = x, Lbrack = lbrack, Index = new BadExpr { From = rbrack0, To = rbrack0 }, Rbrack = rbrack0 };
        }
        _exprLev++;

        const int n = 3; // 3-index slices
        Expr[]? args = null;
        Expr? index0 = null, index1 = null, index2 = null;
        Span<Pos> colons = stackalloc Pos[n - 1];
        if (_tok != Token.Colon)
        {
            // We can't know if we have an index expression or a type instantiation; so even if we see a (named)
            // type we are not going to be in type context.
            index0 = ParseRhsOrType();
        }
        var ncolons = 0;
        switch (_tok)
        {
            case Token.Colon:
                // slice expression
                while (_tok == Token.Colon && ncolons < colons.Length)
                {
                    colons[ncolons] = _pos;
                    ncolons++;
                    Next();
                    if (_tok != Token.Colon && _tok != Token.RBrack && _tok != Token.EOF)
                    {
                        var ix = ParseRhs();
                        if (ncolons == 1) index1 = ix; else index2 = ix;
                    }
                }
                break;
            case Token.Comma:
                // instance expression
                var mark = _exprs.Mark;
                _exprs.Push(index0!);
                while (_tok == Token.Comma)
                {
                    Next();
                    if (_tok != Token.RBrack && _tok != Token.EOF) _exprs.Push(ParseType());
                }
                args = _exprs.PopToArray(mark);
                break;
        }

        _exprLev--;
        var rbrack = Expect(Token.RBrack);

        if (ncolons > 0)
        {
            // slice expression
            var slice3 = false;
            if (ncolons == 2)
            {
                slice3 = true;
                // Check presence of 2nd and 3rd index here rather than during type-checking to prevent erroneous
                // programs from passing through gofmt (was Go issue 7305).
                if (index1 == null)
                {
                    Error(colons[0], "2nd index required in 3-index slice");
                    index1 = new BadExpr { From = colons[0] + 1, To = colons[1] };
                }
                if (index2 == null)
                {
                    Error(colons[1], "3rd index required in 3-index slice");
                    index2 = new BadExpr { From = colons[1] + 1, To = rbrack };
                }
            }
            return new SliceExpr { X = x, Lbrack = lbrack, Low = index0, High = index1, Max = index2, Slice3 = slice3, Rbrack = rbrack };
        }

        if (args == null)
        {
            // index expression
            return new IndexExpr { X = x, Lbrack = lbrack, Index = index0!, Rbrack = rbrack };
        }

        // instance expression
        return PackIndexExpr(x, lbrack, args, rbrack);
    }

    private CallExpr ParseCallOrConversion(Expr fun)
    {
        var lparen = Expect(Token.LParen);
        _exprLev++;
        var mark = _exprs.Mark;
        var ellipsis = Pos.NoPos;
        while (_tok != Token.RParen && _tok != Token.EOF && !ellipsis.IsValid)
        {
            _exprs.Push(ParseRhsOrType()); // builtins may expect a type: make(some type, ...)
            if (_tok == Token.Ellipsis)
            {
                ellipsis = _pos;
                Next();
            }
            if (!AtComma("argument list", Token.RParen)) break;
            Next();
        }
        _exprLev--;
        var list = _exprs.PopToArray(mark);
        var rparen = ExpectClosing(Token.RParen, "argument list");
        return new CallExpr { Fun = fun, Lparen = lparen, Args = list, Ellipsis = ellipsis, Rparen = rparen };
    }

    private Expr ParseValue()
    {
        if (_tok == Token.LBrace) return ParseLiteralValue(null);
        return CheckExpr(ParseExpr());
    }

    private Expr ParseElement()
    {
        var x = ParseValue();
        if (_tok == Token.Colon)
        {
            var colon = _pos;
            Next();
            x = new KeyValueExpr { Key = x, Colon = colon, Value = ParseValue() };
        }
        return x;
    }

    private NodeList<Expr> ParseElementList()
    {
        var mark = _exprs.Mark;
        while (_tok != Token.RBrace && _tok != Token.EOF)
        {
            _exprs.Push(ParseElement());
            if (!AtComma("composite literal", Token.RBrace)) break;
            Next();
        }
        return _exprs.PopToArray(mark);
    }

    private Expr ParseLiteralValue(Expr? typ)
    {
        EnterDepth(); // nested literal values {{{...}}} recurse without go/parser's nesting count
        var lbrace = Expect(Token.LBrace);
        NodeList<Expr> elts = default;
        _exprLev++;
        if (_tok != Token.RBrace) elts = ParseElementList();
        _exprLev--;
        var rbrace = ExpectClosing(Token.RBrace, "composite literal");
        LeaveDepth();
        return new CompositeLit { Type = typ, Lbrace = lbrace, Elts = elts, Rbrace = rbrace };
    }

    // Checks that x is an expression (and not a type).
    private Expr CheckExpr(Expr x)
    {
        switch (Expr.Unparen(x))
        {
            case BadExpr or Ident or BasicLit or FuncLit or CompositeLit or SelectorExpr or IndexExpr
                or IndexListExpr or SliceExpr or TypeAssertExpr or CallExpr or StarExpr or UnaryExpr or BinaryExpr:
                // (a TypeAssertExpr with a null Type, y.(type), is only valid in type switches; left to the checker)
                return x;
            default:
                // all other nodes are not proper expressions
                ErrorExpected(x.Pos(), "expression");
                return new BadExpr { From = x.Pos(), To = SafePos(x.End()) };
        }
    }


    // Checks that x is an expression or a type (and not a raw type such as [...]T).
    private Expr CheckExprOrType(Expr x)
    {
        if (Expr.Unparen(x) is ArrayType { Len: Ellipsis len })
        {
            Error(len.Pos(), "expected array length, found '...'");
            return new BadExpr { From = x.Pos(), To = SafePos(x.End()) };
        }
        // all other nodes are expressions or types
        return x;
    }

    private Expr ParsePrimaryExpr(Expr? x)
    {
        x ??= ParseOperand();
        // Nesting is tracked here rather than at the entry of the function: the loop can produce a nested
        // output iteratively, and that is the depth to limit.
        var n = 1;
        try
        {
            for (; ; n++)
            {
                IncNestLev();
                switch (_tok)
                {
                    case Token.Period:
                        Next();
                        switch (_tok)
                        {
                            case Token.Ident:
                                x = ParseSelector(CheckExprOrType(x));
                                break;
                            case Token.LParen:
                                x = ParseTypeAssertion(CheckExpr(x));
                                break;
                            default:
                                var pos = _pos;
                                ErrorExpected(pos, "selector or type assertion");
                                // (go/parser's targeted error recovery fix: do not consume a '}')
                                if (_tok != Token.RBrace) Next(); // make progress
                                var sel = new Ident { NamePos = pos, Name = "_" };
                                x = new SelectorExpr { X = x, Sel = sel };
                                break;
                        }
                        break;
                    case Token.LBrack:
                        x = ParseIndexOrSliceOrInstance(CheckExpr(x));
                        break;
                    case Token.LParen:
                        x = ParseCallOrConversion(CheckExprOrType(x));
                        break;
                    case Token.LBrace:
                        // operand may have returned a parenthesized complit type; accept it but complain if we
                        // have a complit
                        var t = Expr.Unparen(x);
                        // determine if '{' belongs to a composite literal or a block statement
                        switch (t)
                        {
                            case BadExpr or Ident or SelectorExpr:
                                if (_exprLev < 0) return x;
                                // x is possibly a composite literal type
                                break;
                            case IndexExpr or IndexListExpr:
                                if (_exprLev < 0) return x;
                                // x is possibly a composite literal type
                                break;
                            case ArrayType or StructType or MapType:
                                // x is a composite literal type
                                break;
                            default:
                                return x;
                        }
                        if (t != x) Error(t.Pos(), "cannot parenthesize type in composite literal"); // already progressed
                        x = ParseLiteralValue(x);
                        break;
                    default:
                        return x;
                }
            }
        }
        finally
        {
            _nestLev -= n;
            _depth -= n;
        }
    }

    private Expr ParseUnaryExpr()
    {
        IncNestLev();
        var x = ParseUnaryExpr0();
        DecNestLev();
        return x;
    }

    private Expr ParseUnaryExpr0()
    {
        switch (_tok)
        {
            case Token.Add or Token.Sub or Token.Not or Token.Xor or Token.And or Token.Tilde:
            {
                var pos = _pos;
                var op = _tok;
                Next();
                var x = ParseUnaryExpr();
                return new UnaryExpr { OpPos = pos, Op = op, X = CheckExpr(x) };
            }

            case Token.Arrow:
            {
                // channel type or receive expression
                var arrow = _pos;
                Next();

                // If the next token is Chan we still don't know if it is a channel type or a receive operation -
                // we only know once we have found the end of the unary expression. There are two cases:
                //
                //   <- type  => (<-type) must be channel type
                //   <- expr  => <-(expr) is a receive from an expression
                //
                // In the first case, the arrow must be re-associated with the channel type parsed already:
                //
                //   <- (chan type)    =>  (<-chan type)
                //   <- (chan<- type)  =>  (<-chan (<-type))
                var x = ParseUnaryExpr();

                // determine which case we have
                if (x is ChanType typ)
                {
                    // (<-type): re-associate position info and <-
                    return ReassociateArrow(arrow, typ);
                }

                // <-(expr)
                return new UnaryExpr { OpPos = arrow, Op = Token.Arrow, X = CheckExpr(x) };
            }

            case Token.Mul:
            {
                // pointer type or unary "*" expression
                var pos = _pos;
                Next();
                var x = ParseUnaryExpr();
                return new StarExpr { Star = pos, X = CheckExprOrType(x) };
            }
        }
        return ParsePrimaryExpr(null);
    }

    // go/parser mutates the chain of channel types in place; the AST is immutable here, so the changed prefix of
    // the chain is rebuilt with the same positions and directions go/parser assigns.
    private Expr ReassociateArrow(Pos arrow, ChanType typ)
    {
        var chain = new List<(ChanType Orig, Pos Arrow)>();
        var dir = ChanDir.Send;
        ChanType? cur = typ;
        while (cur != null && dir == ChanDir.Send)
        {
            if (cur.Dir == ChanDir.Recv)
            {
                // error: (<-type) is (<-(<-chan T))
                ErrorExpected(cur.Arrow, "'chan'");
            }
            chain.Add((cur, arrow));
            arrow = cur.Arrow;
            dir = cur.Dir;
            cur = cur.Value as ChanType;
        }
        if (dir == ChanDir.Send) ErrorExpected(arrow, "channel type");

        Expr inner = chain[^1].Orig.Value;
        for (var i = chain.Count - 1; i >= 0; i--)
            inner = new ChanType { Begin = chain[i].Arrow, Arrow = chain[i].Arrow, Dir = ChanDir.Recv, Value = inner };
        return inner;
    }

    private (Token Tok, int Prec) TokPrec()
    {
        var tok = _tok;
        if (_inRhs && tok == Token.Assign) tok = Token.Eql;
        return (tok, tok.Precedence());
    }

    // Parses a (possibly) binary expression. If x is non-null, it is used as the left operand. If check is true,
    // operands are checked to be valid expressions.
    private Expr ParseBinaryExpr(Expr? x, int prec1, bool check)
    {
        x ??= ParseUnaryExpr();
        var n = 1;
        try
        {
            for (; ; n++)
            {
                IncNestLev();
                var (op, oprec) = TokPrec();
                if (oprec < prec1) return x;
                var pos = Expect(op);
                var y = ParseBinaryExpr(null, oprec + 1, check);
                if (check)
                {
                    x = CheckExpr(x);
                    y = CheckExpr(y);
                }
                x = new BinaryExpr { X = x, OpPos = pos, Op = op, Y = y };
            }
        }
        finally
        {
            _nestLev -= n;
            _depth -= n;
        }
    }

    // The result may be a type or even a raw type ([...]int); callers must check it (CheckExpr or
    // CheckExprOrType), depending on context.
    private Expr ParseExpr() => ParseBinaryExpr(null, TokenExtensions.LowestPrec + 1, true);

    private Expr ParseRhs()
    {
        var old = _inRhs;
        _inRhs = true;
        var x = CheckExpr(ParseExpr());
        _inRhs = old;
        return x;
    }

    private Expr ParseRhsOrType()
    {
        var old = _inRhs;
        _inRhs = true;
        var x = CheckExprOrType(ParseExpr());
        _inRhs = old;
        return x;
    }
}
