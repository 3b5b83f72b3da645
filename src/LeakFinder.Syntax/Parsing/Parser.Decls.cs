using LeakFinder.Syntax.Ast;
using LeakFinder.Syntax.Scanning;

namespace LeakFinder.Syntax.Parsing;

public sealed partial class Parser
{
    private delegate Spec ParseSpecFunction(CommentGroup? doc, Token keyword, int iota);

    // An import path must be a non-empty string of graphic, non-space characters without certain punctuation.
    private static bool IsValidImport(string lit)
    {
        const string illegalChars = "!\"#$%&'()*,:;<=>?[\\]^{|}`\uFFFD";
        var s = GoUnquote.Unquote(lit); // the scanner returns a legal string literal
        if (s == null) return false;
        for (var i = 0; i < s.Length;)
        {
            System.Text.Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out var width);
            var r = rune.Value;
            if (!Utf8.IsGraphic(r) || Utf8.IsSpace(r) || (r < 0x10000 && illegalChars.Contains((char)r))) return false;
            i += width;
        }
        return s.Length != 0;
    }

    private Spec ParseImportSpec(CommentGroup? doc, Token keyword, int iota)
    {
        Ident? ident = null;
        switch (_tok)
        {
            case Token.Period:
                ident = new Ident { NamePos = _pos, Name = "." };
                Next();
                break;
            case Token.Ident:
                ident = ParseIdent();
                break;
        }

        var pos = _pos;
        var path = "";
        if (_tok == Token.String)
        {
            path = _lit;
            if (!IsValidImport(path)) Error(pos, "invalid import path: " + path);
            Next();
        }
        else
            Expect(Token.String); // use Expect() error handling
        ExpectSemi(); // call before accessing _lineComment

        // collect imports
        var spec = new ImportSpec
        {
            Doc = doc,
            Name = ident,
            Path = new BasicLit { ValuePos = pos, Kind = Token.String, Value = path },
            Comment = _lineComment,
        };
        _imports.Add(spec);
        return spec;
    }

    private Spec ParseValueSpec(CommentGroup? doc, Token keyword, int iota)
    {
        var pos = _pos;
        var idents = ParseIdentList();
        var typ = TryIdentOrType();
        NodeList<Expr> values = default;
        // always permit optional initialization for more tolerant parsing
        if (_tok == Token.Assign)
        {
            Next();
            values = ParseList(true);
        }
        ExpectSemi(); // call before accessing _lineComment

        switch (keyword)
        {
            case Token.Var:
                if (typ == null && values.IsEmpty) Error(pos, "missing variable type or initialization");
                break;
            case Token.Const:
                if (values.IsEmpty && (iota == 0 || typ != null)) Error(pos, "missing constant value");
                break;
        }

        return new ValueSpec { Doc = doc, Names = idents, Type = typ, Values = values, Comment = _lineComment };
    }

    private (FieldList TParams, Pos Assign, Expr Type) ParseGenericType(Pos openPos, Ident name0, Expr? typ0)
    {
        var list = ParseParameterList(name0, typ0, Token.RBrack);
        var closePos = Expect(Token.RBrack);
        var tparams = new FieldList { Opening = openPos, List = list, Closing = closePos };
        // Let the type checker decide whether to accept type parameters on aliases (Go issue 46477).
        var assign = Pos.NoPos;
        if (_tok == Token.Assign)
        {
            // type alias
            assign = _pos;
            Next();
        }
        return (tparams, assign, ParseType());
    }

    private Spec ParseTypeSpec(CommentGroup? doc, Token keyword, int iota)
    {
        var name = ParseIdent();
        FieldList? tparams = null;
        var assign = Pos.NoPos;
        Expr type;

        if (_tok == Token.LBrack)
        {
            // name "[" ...: array/slice type or type parameter list
            var lbrack = _pos;
            Next();
            if (_tok == Token.Ident)
            {
                // We may have an array type or a type parameter list. In either case we expect an expression x
                // (which may just be a name, or a more complex expression) which we can analyze further.
                //
                // A type parameter list may have a type bound starting with a "[" as in: P []E. In that case,
                // simply parsing an expression would lead to an error: P[] is invalid. But since index or slice
                // expressions are never constant and thus invalid array length expressions, if the name is
                // followed by "[" it must be the start of an array or slice constraint. Only if we don't see a
                // "[" do we need to parse a full expression. Notably, name <- x is not a concern because
                // name <- x is a statement and not an expression.
                Expr x = ParseIdent();
                if (_tok != Token.LBrack)
                {
                    // To parse the expression starting with name, expand the call sequence we would get by
                    // passing in name to ParseExpr, and pass in name to ParsePrimaryExpr.
                    _exprLev++;
                    var lhs = ParsePrimaryExpr(x);
                    x = ParseBinaryExpr(lhs, TokenExtensions.LowestPrec + 1, false);
                    _exprLev--;
                }
                // Analyze expression x. If we can split x into a type parameter name, possibly followed by a type
                // parameter type, we consider this the start of a type parameter list, with some caveats: a
                // single name followed by "]" tilts the decision towards an array declaration; a type parameter
                // type that could also be an ordinary expression but which is followed by a comma tilts the
                // decision towards a type parameter list.
                var (pname, ptype) = ExtractName(x, _tok == Token.Comma);
                if (pname != null && (ptype != null || _tok != Token.RBrack))
                {
                    // name "[" pname ...
                    // name "[" pname ptype ...
                    // name "[" pname ptype "," ...
                    (tparams, assign, type) = ParseGenericType(lbrack, pname, ptype); // ptype may be null
                    _genericTypeSpecs++;
                }
                else
                {
                    // name "[" pname "]" ...
                    // name "[" x ...
                    type = ParseArrayType(lbrack, x);
                }
            }
            else
            {
                // array type
                type = ParseArrayType(lbrack, null);
            }
        }
        else
        {
            // no type parameters
            if (_tok == Token.Assign)
            {
                // type alias
                assign = _pos;
                Next();
            }
            type = ParseType();
        }

        ExpectSemi(); // call before accessing _lineComment
        return new TypeSpec { Doc = doc, Name = name, TypeParams = tparams, Assign = assign, Type = type, Comment = _lineComment };
    }

    // Splits x into (name, expr) if syntactically x can be written as name expr. The split only happens if expr
    // is a type element (per IsTypeElem) or if force is set. If x is just a name, the result is (name, null).
    // Otherwise the result is (null, x). Examples:
    //
    //	x           force    name    expr
    //	------------------------------------
    //	P*[]int     T/F      P       *[]int
    //	P*E         T        P       *E
    //	P*E         F        nil     P*E
    //	P([]int)    T/F      P       []int
    //	P(E)        T        P       E
    //	P(E)        F        nil     P(E)
    //	P*E|F|~G    T/F      P       *E|F|~G
    //	P*E|F|G     T        P       *E|F|G
    //	P*E|F|G     F        nil     P*E|F|G
    private static (Ident? Name, Expr? Expr) ExtractName(Expr x, bool force)
    {
        switch (x)
        {
            case Ident id:
                return (id, null);
            case BinaryExpr b:
                switch (b.Op)
                {
                    case Token.Mul:
                        if (b.X is Ident name && (force || IsTypeElem(b.Y)))
                        {
                            // x = name *x.Y
                            return (name, new StarExpr { Star = b.OpPos, X = b.Y });
                        }
                        break;
                    case Token.Or:
                        var (n, lhs) = ExtractName(b.X, force || IsTypeElem(b.Y));
                        if (n != null && lhs != null)
                        {
                            // x = name lhs|x.Y
                            return (n, new BinaryExpr { X = lhs, OpPos = b.OpPos, Op = b.Op, Y = b.Y });
                        }
                        break;
                }
                break;
            case CallExpr c:
                if (c.Fun is Ident fname && c.Args.Count == 1 && !c.Ellipsis.IsValid && (force || IsTypeElem(c.Args[0])))
                {
                    // x = name "(" x.ArgList[0] ")"
                    return (fname, c.Args[0]);
                }
                break;
        }
        return (null, x);
    }

    // Reports whether x is a (possibly parenthesized) type element expression; false if x could be a type
    // element OR an ordinary (value) expression.
    private static bool IsTypeElem(Expr x) => x switch
    {
        ArrayType or StructType or FuncType or InterfaceType or MapType or ChanType => true,
        BinaryExpr b => IsTypeElem(b.X) || IsTypeElem(b.Y),
        UnaryExpr u => u.Op == Token.Tilde,
        ParenExpr p => IsTypeElem(p.X),
        _ => false,
    };

    private GenDecl ParseGenDecl(Token keyword, ParseSpecFunction f)
    {
        var doc = _leadComment;
        var pos = Expect(keyword);
        Pos lparen = Pos.NoPos, rparen = Pos.NoPos;
        var mark = _specs.Mark;
        if (_tok == Token.LParen)
        {
            lparen = _pos;
            Next();
            for (var iota = 0; _tok != Token.RParen && _tok != Token.EOF; iota++)
                _specs.Push(f(_leadComment, keyword, iota));
            rparen = Expect(Token.RParen);
            ExpectSemi();
        }
        else
            _specs.Push(f(null, keyword, 0));

        return new GenDecl { Doc = doc, TokPos = pos, Tok = keyword, Lparen = lparen, Specs = _specs.PopToArray(mark), Rparen = rparen };
    }

    private FuncDecl ParseFuncDecl()
    {
        var doc = _leadComment;
        var pos = Expect(Token.Func);

        FieldList? recv = null;
        if (_tok == Token.LParen) (_, recv) = ParseParameters(false);

        var ident = ParseIdent();

        // Methods may declare type parameters since Go 1.27 (generic methods): like the newest go/parser, keep
        // them in the AST and leave it to the type checker to reject them under older language versions.
        var (tparams, @params) = ParseParameters(true);
        var results = ParseResult();

        BlockStmt? body = null;
        switch (_tok)
        {
            case Token.LBrace:
                body = ParseBody();
                ExpectSemi();
                break;
            case Token.Semicolon:
                Next();
                if (_tok == Token.LBrace)
                {
                    // opening { of function declaration on next line
                    Error(_pos, "unexpected semicolon or newline before {");
                    body = ParseBody();
                    ExpectSemi();
                }
                break;
            default:
                ExpectSemi();
                break;
        }

        return new FuncDecl
        {
            Doc = doc,
            Recv = recv,
            Name = ident,
            Type = new FuncType { Func = pos, TypeParams = tparams, Params = @params, Results = results },
            Body = body,
        };
    }

    private Decl ParseDecl(bool[] sync)
    {
        ParseSpecFunction f;
        switch (_tok)
        {
            case Token.Const or Token.Var:
                f = ParseValueSpec;
                break;
            case Token.Type:
                f = ParseTypeSpec;
                break;
            case Token.Func:
                return ParseFuncDecl();
            default:
                var pos = _pos;
                ErrorExpected(pos, "declaration");
                Advance(sync);
                return new BadDecl { From = pos, To = _pos };
        }
        return ParseGenDecl(_tok, f);
    }

    // ---------------------------------------------------------------------------------------------
    // Source files

    private Ast.File? ParseFileNode()
    {
        // Don't bother parsing the rest if we had errors scanning the first token: likely not a Go source file.
        if (_errors.Count != 0) return null;

        // package clause
        var doc = _leadComment;
        var pos = Expect(Token.Package);
        // Go spec: the package clause is not a declaration; the package name does not appear in any scope.
        var ident = ParseIdent();
        if (ident.Name == "_" && (_mode & ParserMode.DeclarationErrors) != 0) Error(_pos, "invalid package name _");
        ExpectSemi();

        // Don't bother parsing the rest if we had errors parsing the package clause: likely not a Go source file.
        if (_errors.Count != 0) return null;

        var decls = new List<Decl>();
        if ((_mode & ParserMode.PackageClauseOnly) == 0)
        {
            // import decls
            while (_tok == Token.Import) decls.Add(ParseGenDecl(Token.Import, ParseImportSpec));

            if ((_mode & ParserMode.ImportsOnly) == 0)
            {
                // rest of package body
                while (_tok != Token.EOF) decls.Add(ParseDecl(DeclStart));
            }
        }

        return new Ast.File
        {
            Doc = doc,
            Package = pos,
            Name = ident,
            Decls = decls.ToArray(),
            Imports = _imports.ToArray(),
            Comments = _comments.ToArray(),
            FileStart = new Pos(_file.Base),
            FileEnd = new Pos(_file.Base + _file.Size),
            HasLabels = _sawLabel,
            HasFuncLits = _sawFuncLit,
        };
    }
}
