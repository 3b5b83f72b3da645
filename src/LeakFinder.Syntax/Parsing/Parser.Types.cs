using LeakFinder.Syntax.Ast;

namespace LeakFinder.Syntax.Parsing;

public sealed partial class Parser
{
    // ---------------------------------------------------------------------------------------------
    // Identifiers

    private Ident ParseIdent()
    {
        var pos = _pos;
        var name = "_";
        if (_tok == Token.Ident)
        {
            name = _lit;
            Next();
        }
        else
            Expect(Token.Ident); // use Expect() error handling
        return new Ident { NamePos = pos, Name = name };
    }

    private NodeList<Ident> ParseIdentList()
    {
        var mark = _idents.Mark;
        _idents.Push(ParseIdent());
        while (_tok == Token.Comma)
        {
            Next();
            _idents.Push(ParseIdent());
        }
        return _idents.PopToArray(mark);
    }

    // ---------------------------------------------------------------------------------------------
    // Common productions

    // Returns a non-empty array.
    private Expr[] ParseExprList()
    {
        var mark = _exprs.Mark;
        _exprs.Push(CheckExpr(ParseExpr()));
        while (_tok == Token.Comma)
        {
            Next();
            _exprs.Push(CheckExpr(ParseExpr()));
        }
        return _exprs.PopToArray(mark)!;
    }

    private Expr[] ParseList(bool inRhs)
    {
        var old = _inRhs;
        _inRhs = inRhs;
        var list = ParseExprList();
        _inRhs = old;
        return list;
    }

    // ---------------------------------------------------------------------------------------------
    // Types

    private Expr ParseType()
    {
        var typ = TryIdentOrType();
        if (typ == null)
        {
            var pos = _pos;
            ErrorExpected(pos, "type");
            Advance(ExprEnd);
            return new BadExpr { From = pos, To = _pos };
        }
        return typ;
    }

    private Expr ParseQualifiedIdent(Ident? ident)
    {
        var typ = ParseTypeName(ident);
        if (_tok == Token.LBrack) typ = ParseTypeInstance(typ);
        return typ;
    }

    // If the result is an identifier, it is not resolved.
    private Expr ParseTypeName(Ident? ident)
    {
        ident ??= ParseIdent();
        if (_tok == Token.Period)
        {
            // ident is a package name
            Next();
            var sel = ParseIdent();
            return new SelectorExpr { X = ident, Sel = sel };
        }
        return ident;
    }

    // "[" has already been consumed, and lbrack is its position. If len != null it is the already consumed array length.
    private ArrayType ParseArrayType(Pos lbrack, Expr? len)
    {
        if (len == null)
        {
            _exprLev++;
            // always permit ellipsis for more fault-tolerant parsing
            if (_tok == Token.Ellipsis)
            {
                len = new Ellipsis { EllipsisPos = _pos };
                Next();
            }
            else if (_tok != Token.RBrack)
                len = ParseRhs();
            _exprLev--;
        }
        if (_tok == Token.Comma)
        {
            // Trailing commas are accepted in type parameter lists but not in array type declarations.
            // Accept for better error handling but complain.
            Error(_pos, "unexpected comma; expecting ]");
            Next();
        }
        Expect(Token.RBrack);
        var elt = ParseType();
        return new ArrayType { Lbrack = lbrack, Len = len, Elt = elt };
    }

    private (Ident? Name, Expr Type) ParseArrayFieldOrTypeInstance(Ident x)
    {
        var lbrack = Expect(Token.LBrack);
        var mark = _exprs.Mark;
        if (_tok != Token.RBrack)
        {
            _exprLev++;
            _exprs.Push(ParseRhsOrType());
            while (_tok == Token.Comma)
            {
                Next();
                _exprs.Push(ParseRhsOrType());
            }
            _exprLev--;
        }
        var args = _exprs.PopToArray(mark) ?? [];
        var rbrack = Expect(Token.RBrack);

        if (args.Length == 0)
        {
            // x []E
            var elt0 = ParseType();
            return (x, new ArrayType { Lbrack = lbrack, Elt = elt0 });
        }

        // x [P]E or x[P]
        if (args.Length == 1)
        {
            var elt = TryIdentOrType();
            if (elt != null)
            {
                // x [P]E
                return (x, new ArrayType { Lbrack = lbrack, Len = args[0], Elt = elt });
            }
        }

        // x[P], x[P1, P2], ...
        return (null, PackIndexExpr(x, lbrack, args, rbrack));
    }

    private Field ParseFieldDecl()
    {
        var doc = _leadComment;

        NodeList<Ident> names = default;
        Expr typ;
        if (_tok == Token.Ident)
        {
            var name = ParseIdent();
            if (_tok == Token.Period || _tok == Token.String || _tok == Token.Semicolon || _tok == Token.RBrace)
            {
                // embedded type
                typ = name;
                if (_tok == Token.Period) typ = ParseQualifiedIdent(name);
            }
            else
            {
                // name1, name2, ... T
                var mark = _idents.Mark;
                _idents.Push(name);
                while (_tok == Token.Comma)
                {
                    Next();
                    _idents.Push(ParseIdent());
                }
                var list = _idents.PopToArray(mark)!;
                // Careful dance: we don't know if we have an embedded instantiated type T[P1, P2, ...] or a
                // field T of array type []E or [P]E.
                if (list.Length == 1 && _tok == Token.LBrack)
                {
                    Ident? n;
                    (n, typ) = ParseArrayFieldOrTypeInstance(name);
                    names = n == null ? default : list;
                }
                else
                {
                    // T P
                    names = list;
                    typ = ParseType();
                }
            }
        }
        else
        {
            // embedded, possibly generic type (using the enclosing parentheses to distinguish it from a named
            // field declaration)
            typ = ParseType();
        }

        BasicLit? tag = null;
        if (_tok == Token.String)
        {
            tag = new BasicLit { ValuePos = _pos, Kind = _tok, Value = _lit };
            Next();
        }

        ExpectSemi(); // call before accessing _lineComment

        return new Field { Doc = doc, Names = names, Type = typ, Tag = tag, Comment = _lineComment };
    }

    private StructType ParseStructType()
    {
        var pos = Expect(Token.Struct);
        var lbrace = Expect(Token.LBrace);
        var mark = _fields.Mark;
        while (_tok == Token.Ident || _tok == Token.Mul || _tok == Token.LParen)
        {
            // a field declaration cannot start with a '(' but we accept it here for more robust parsing and
            // better error messages (ParseFieldDecl will check and complain if necessary)
            _fields.Push(ParseFieldDecl());
        }
        var list = _fields.PopToArray(mark);
        var rbrace = Expect(Token.RBrace);
        return new StructType
        {
            Struct = pos,
            Fields = new FieldList { Opening = lbrace, List = list, Closing = rbrace },
        };
    }

    private StarExpr ParsePointerType()
    {
        var star = Expect(Token.Mul);
        var @base = ParseType();
        return new StarExpr { Star = star, X = @base };
    }

    private Ellipsis ParseDotsType()
    {
        var pos = Expect(Token.Ellipsis);
        var elt = ParseType();
        return new Ellipsis { EllipsisPos = pos, Elt = elt };
    }

    private struct ParamField
    {
        public Ident? Name;
        public Expr? Typ;
    }

    private ParamField ParseParamDecl(Ident? name, bool typeSetsOK)
    {
        var f = new ParamField();
        var tok = _tok;
        if (name != null)
            tok = Token.Ident; // force the Ident case below
        else if (typeSetsOK && _tok == Token.Tilde)
        {
            // "~" ...
            f.Typ = EmbeddedElem(null);
            return f;
        }

        switch (tok)
        {
            case Token.Ident:
                // name
                f.Name = name ?? ParseIdent();
                switch (_tok)
                {
                    case Token.Ident or Token.Mul or Token.Arrow or Token.Func or Token.Chan or Token.Map
                        or Token.Struct or Token.Interface or Token.LParen:
                        // name type
                        f.Typ = ParseType();
                        break;
                    case Token.LBrack:
                        // name "[" type1, ..., typeN "]" or name "[" n "]" type
                        (f.Name, f.Typ) = ParseArrayFieldOrTypeInstance(f.Name!);
                        break;
                    case Token.Ellipsis:
                        // name "..." type
                        f.Typ = ParseDotsType();
                        return f; // don't allow ...type "|" ...
                    case Token.Period:
                        // name "." ...
                        f.Typ = ParseQualifiedIdent(f.Name);
                        f.Name = null;
                        break;
                    case Token.Tilde:
                        if (typeSetsOK)
                        {
                            f.Typ = EmbeddedElem(null);
                            return f;
                        }
                        break;
                    case Token.Or:
                        if (typeSetsOK)
                        {
                            // name "|" typeset
                            f.Typ = EmbeddedElem(f.Name);
                            f.Name = null;
                            return f;
                        }
                        break;
                }
                break;

            case Token.Mul or Token.Arrow or Token.Func or Token.LBrack or Token.Chan or Token.Map or Token.Struct
                or Token.Interface or Token.LParen:
                // type
                f.Typ = ParseType();
                break;

            case Token.Ellipsis:
                // "..." type (always accepted)
                f.Typ = ParseDotsType();
                return f; // don't allow ...type "|" ...

            default:
                // (go/parser's message, even in type parameter lists where "']'" would be apt)
                ErrorExpected(_pos, "')'");
                Advance(ExprEnd);
                break;
        }

        // [name] type "|"
        if (typeSetsOK && _tok == Token.Or && f.Typ != null) f.Typ = EmbeddedElem(f.Typ);
        return f;
    }

    private NodeList<Field> ParseParameterList(Ident? name0, Expr? typ0, Token closing)
    {
        // Type parameters are the only parameter list closed by ']'; type set notation is ok in them.
        var tparams = closing == Token.RBrack;
        var typeSetsOK = tparams;

        var pos = _pos;
        if (name0 != null) pos = name0.Pos();

        var mark = _params.Count; // this list's entries are _params[mark..]
        var named = 0; // number of parameters that have an explicit name and type

        while (name0 != null || (_tok != closing && _tok != Token.EOF))
        {
            ParamField par;
            if (typ0 != null)
            {
                if (typeSetsOK) typ0 = EmbeddedElem(typ0);
                par = new ParamField { Name = name0, Typ = typ0 };
            }
            else
                par = ParseParamDecl(name0, typeSetsOK);
            name0 = null; // 1st name was consumed if present
            typ0 = null; // 1st typ was consumed if present
            if (par.Name != null || par.Typ != null)
            {
                _params.Add(par);
                if (par.Name != null && par.Typ != null) named++;
            }
            if (!AtComma("parameter list", closing)) break;
            Next();
        }

        if (_params.Count == mark) return default; // not uncommon
        try
        {
            return DistributeParameterTypes(mark, named, tparams, pos);
        }
        finally
        {
            _params.RemoveRange(mark, _params.Count - mark);
        }
    }

    // The second half of go/parser's parseParameterList: gives every parameter a type (or reports mixed named and
    // unnamed parameters) and groups consecutive names of the same type into one Field.
    private NodeList<Field> DistributeParameterTypes(int mark, int named, bool tparams, Pos pos)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_params)[mark..];
        // distribute parameter types
        if (named == 0)
        {
            // all unnamed => found names are type names
            for (var i = 0; i < span.Length; i++)
            {
                ref var par = ref span[i];
                if (par.Name is { } typ)
                {
                    par.Typ = typ;
                    par.Name = null;
                }
            }
            if (tparams) Error(pos, "all type parameters must be named");
        }
        else if (named != span.Length)
        {
            // some named => all must be named
            var ok = true;
            Expr? typ = null;
            var missingName = pos;
            for (var i = span.Length - 1; i >= 0; i--)
            {
                ref var par = ref span[i];
                if (par.Typ != null)
                {
                    typ = par.Typ;
                    if (par.Name == null)
                    {
                        ok = false;
                        missingName = par.Typ.Pos();
                        par.Name = new Ident { NamePos = typ.Pos(), Name = "_" };
                    }
                }
                else if (typ != null)
                    par.Typ = typ;
                else
                {
                    // par.Typ == null && typ == null => we only have a par.Name
                    ok = false;
                    missingName = par.Name!.Pos();
                    par.Typ = new BadExpr { From = par.Name.Pos(), To = _pos };
                }
            }
            if (!ok)
            {
                if (tparams) Error(missingName, "all type parameters must be named");
                else Error(pos, "mixed named and unnamed parameters");
            }
        }

        // convert list to fields
        if (named == 0)
        {
            // parameter list consists of types only
            var fields = new Field[span.Length];
            for (var i = 0; i < span.Length; i++) fields[i] = new Field { Type = span[i].Typ };
            return fields;
        }

        // parameter list consists of named parameters with types
        var fieldsMark = _fields.Mark;
        var namesMark = _idents.Mark;
        Expr? curTyp = null;
        foreach (var par in span)
        {
            if (par.Typ != curTyp)
            {
                if (_idents.Mark > namesMark) _fields.Push(new Field { Names = _idents.PopToArray(namesMark), Type = curTyp });
                curTyp = par.Typ;
            }
            _idents.Push(par.Name!);
        }
        if (_idents.Mark > namesMark) _fields.Push(new Field { Names = _idents.PopToArray(namesMark), Type = curTyp });
        return _fields.PopToArray(fieldsMark);
    }

    private (FieldList? TParams, FieldList Params) ParseParameters(bool acceptTParams)
    {
        FieldList? tparams = null;
        if (acceptTParams && _tok == Token.LBrack)
        {
            var opening0 = _pos;
            Next();
            // [T any](params) syntax
            var list = ParseParameterList(null, null, Token.RBrack);
            var rbrack = Expect(Token.RBrack);
            tparams = new FieldList { Opening = opening0, List = list, Closing = rbrack };
            // Type parameter lists must not be empty.
            if (tparams.NumFields() == 0)
            {
                Error(tparams.Closing, "empty type parameter list");
                tparams = null; // avoid follow-on errors
            }
        }

        var opening = Expect(Token.LParen);
        NodeList<Field> fields = default;
        if (_tok != Token.RParen) fields = ParseParameterList(null, null, Token.RParen);
        var rparen = Expect(Token.RParen);
        return (tparams, new FieldList { Opening = opening, List = fields, Closing = rparen });
    }

    private FieldList? ParseResult()
    {
        if (_tok == Token.LParen)
        {
            var (_, results) = ParseParameters(false);
            return results;
        }
        var typ = TryIdentOrType();
        if (typ != null) return new FieldList { List = new[] { new Field { Type = typ } } };
        return null;
    }

    private FuncType ParseFuncType()
    {
        var pos = Expect(Token.Func);
        var (tparams, @params) = ParseParameters(true);
        if (tparams != null) Error(tparams.Pos(), "function type must have no type parameters");
        var results = ParseResult();
        return new FuncType { Func = pos, Params = @params, Results = results };
    }

    // Returns the parts of an interface element; the caller builds the Field once it knows the line comment.
    private (CommentGroup? Doc, NodeList<Ident> Names, Expr Type) ParseMethodSpec()
    {
        var doc = _leadComment;
        NodeList<Ident> idents = default;
        Expr typ;
        var x = ParseTypeName(null);
        if (x is Ident ident)
        {
            if (_tok == Token.LBrack)
            {
                // generic method or embedded instantiated type
                var lbrack = _pos;
                Next();
                _exprLev++;
                var x0 = ParseExpr();
                _exprLev--;
                if (x0 is Ident name0 && _tok != Token.Comma && _tok != Token.RBrack)
                {
                    // generic method m[T any]: interface methods do not have type parameters; parse them for a
                    // better error message and improved error recovery.
                    ParseParameterList(name0, null, Token.RBrack);
                    Expect(Token.RBrack);
                    Error(lbrack, "interface method must have no type parameters");
                    var (_, @params) = ParseParameters(false);
                    var results = ParseResult();
                    idents = new[] { ident };
                    typ = new FuncType { Func = Pos.NoPos, Params = @params, Results = results };
                }
                else
                {
                    // embedded instantiated type
                    var mark = _exprs.Mark;
                    _exprs.Push(x0);
                    if (AtComma("type argument list", Token.RBrack))
                    {
                        _exprLev++;
                        Next();
                        while (_tok != Token.RBrack && _tok != Token.EOF)
                        {
                            _exprs.Push(ParseType());
                            if (!AtComma("type argument list", Token.RBrack)) break;
                            Next();
                        }
                        _exprLev--;
                    }
                    var list = _exprs.PopToArray(mark)!;
                    var rbrack = ExpectClosing(Token.RBrack, "type argument list");
                    typ = PackIndexExpr(ident, lbrack, list, rbrack);
                }
            }
            else if (_tok == Token.LParen)
            {
                // ordinary method
                var (_, @params) = ParseParameters(false);
                var results = ParseResult();
                idents = new[] { ident };
                typ = new FuncType { Func = Pos.NoPos, Params = @params, Results = results };
            }
            else
            {
                // embedded type
                typ = x;
            }
        }
        else
        {
            // embedded, possibly instantiated type
            typ = x;
            if (_tok == Token.LBrack) typ = ParseTypeInstance(typ); // embedded instantiated interface
        }
        return (doc, idents, typ);
    }

    private Expr EmbeddedElem(Expr? x)
    {
        x ??= EmbeddedTerm();
        while (_tok == Token.Or)
        {
            var opPos = _pos;
            Next();
            var y = EmbeddedTerm();
            x = new BinaryExpr { X = x, OpPos = opPos, Op = Token.Or, Y = y };
        }
        return x;
    }

    private Expr EmbeddedTerm()
    {
        if (_tok == Token.Tilde)
        {
            var opPos = _pos;
            Next();
            var t = ParseType();
            return new UnaryExpr { OpPos = opPos, Op = Token.Tilde, X = t };
        }

        var typ = TryIdentOrType();
        if (typ == null)
        {
            var pos = _pos;
            ErrorExpected(pos, "~ term or type");
            Advance(ExprEnd);
            return new BadExpr { From = pos, To = _pos };
        }
        return typ;
    }

    private InterfaceType ParseInterfaceType()
    {
        var pos = Expect(Token.Interface);
        var lbrace = Expect(Token.LBrace);
        var mark = _fields.Mark;

        while (true)
        {
            if (_tok == Token.Ident)
            {
                var (doc, names, typ) = ParseMethodSpec();
                if (names.IsEmpty) typ = EmbeddedElem(typ);
                ExpectSemi();
                _fields.Push(new Field { Doc = doc, Names = names, Type = typ, Comment = _lineComment });
            }
            else if (_tok == Token.Tilde)
            {
                var typ = EmbeddedElem(null);
                ExpectSemi();
                _fields.Push(new Field { Type = typ, Comment = _lineComment });
            }
            else if (TryIdentOrType() is { } t)
            {
                var typ = EmbeddedElem(t);
                ExpectSemi();
                _fields.Push(new Field { Type = typ, Comment = _lineComment });
            }
            else
                break;
        }

        var list = _fields.PopToArray(mark);
        var rbrace = Expect(Token.RBrace);
        return new InterfaceType
        {
            Interface = pos,
            Methods = new FieldList { Opening = lbrace, List = list, Closing = rbrace },
        };
    }

    private MapType ParseMapType()
    {
        var pos = Expect(Token.Map);
        Expect(Token.LBrack);
        var key = ParseType();
        Expect(Token.RBrack);
        var value = ParseType();
        return new MapType { Map = pos, Key = key, Value = value };
    }

    private ChanType ParseChanType()
    {
        var pos = _pos;
        var dir = ChanDir.Send | ChanDir.Recv;
        var arrow = Pos.NoPos;
        if (_tok == Token.Chan)
        {
            Next();
            if (_tok == Token.Arrow)
            {
                arrow = _pos;
                Next();
                dir = ChanDir.Send;
            }
        }
        else
        {
            arrow = Expect(Token.Arrow);
            Expect(Token.Chan);
            dir = ChanDir.Recv;
        }
        var value = ParseType();
        return new ChanType { Begin = pos, Arrow = arrow, Dir = dir, Value = value };
    }

    private Expr ParseTypeInstance(Expr typ)
    {
        var opening = Expect(Token.LBrack);
        _exprLev++;
        var mark = _exprs.Mark;
        while (_tok != Token.RBrack && _tok != Token.EOF)
        {
            _exprs.Push(ParseType());
            if (!AtComma("type argument list", Token.RBrack)) break;
            Next();
        }
        _exprLev--;
        var list = _exprs.PopToArray(mark);

        var closing = ExpectClosing(Token.RBrack, "type argument list");

        if (list == null)
        {
            ErrorExpected(closing, "type argument list");
            return new IndexExpr
            {
                X = typ,
                Lbrack = opening,
                Index = new BadExpr { From = opening + 1, To = closing },
                Rbrack = closing,
            };
        }
        return PackIndexExpr(typ, opening, list, closing);
    }

    private Expr? TryIdentOrType()
    {
        IncNestLev();
        var typ = TryIdentOrType0();
        DecNestLev(); // (not restored when parsing bails out: the parse is abandoned then)
        return typ;
    }

    private Expr? TryIdentOrType0()
    {
        {
            switch (_tok)
            {
                case Token.Ident:
                    var typ = ParseTypeName(null);
                    if (_tok == Token.LBrack) typ = ParseTypeInstance(typ);
                    return typ;
                case Token.LBrack:
                    var lbrack = Expect(Token.LBrack);
                    return ParseArrayType(lbrack, null);
                case Token.Struct:
                    return ParseStructType();
                case Token.Mul:
                    return ParsePointerType();
                case Token.Func:
                    return ParseFuncType();
                case Token.Interface:
                    return ParseInterfaceType();
                case Token.Map:
                    return ParseMapType();
                case Token.Chan or Token.Arrow:
                    return ParseChanType();
                case Token.LParen:
                    var lparen = _pos;
                    Next();
                    var t = ParseType();
                    var rparen = Expect(Token.RParen);
                    return new ParenExpr { Lparen = lparen, X = t, Rparen = rparen };
            }
            // no type found
            return null;
        }
    }
}
