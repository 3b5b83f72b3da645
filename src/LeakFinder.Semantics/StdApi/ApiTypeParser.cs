using LeakFinder.Semantics.Types;

namespace LeakFinder.Semantics.StdApi;

/// <summary>
/// Reads the type syntax of Go's API records: Go type expressions without parameter names, with type
/// parameters written $0, $1, ... and qualified names using the package's short name ("fs.FileInfo").
/// Names are resolved through the caller, which knows the package being built and std's package list.
/// </summary>
internal sealed class ApiTypeParser
{
    private readonly string _s;
    private int _i;
    private readonly Func<string?, string, IReadOnlyList<GoType>, GoType> _resolveNamed;
    private readonly IReadOnlyList<TypeParamType> _typeParams;

    /// <param name="resolveNamed">(package short name or null, type name, type arguments) → type.</param>
    public ApiTypeParser(string s, Func<string?, string, IReadOnlyList<GoType>, GoType> resolveNamed, IReadOnlyList<TypeParamType> typeParams)
    {
        _s = s;
        _resolveNamed = resolveNamed;
        _typeParams = typeParams;
    }

    public int Position => _i;
    public bool AtEnd { get { SkipSpaces(); return _i >= _s.Length; } }
    public string Rest => _s[_i..];

    public GoType ParseType()
    {
        SkipSpaces();
        if (Eat("*")) return new PointerType(ParseType());
        if (Eat("[]")) return new SliceType(ParseType());
        if (Peek('['))
        {
            _i++;
            var start = _i;
            while (_i < _s.Length && _s[_i] != ']') _i++;
            var len = long.TryParse(_s.AsSpan(start, _i - start), out var n) ? n : -1;
            Expect("]");
            return new ArrayType(len, ParseType());
        }
        if (Eat("<-chan")) return new ChanType(ChanDir.RecvOnly, ParseType());
        if (EatWord("chan"))
        {
            SkipSpaces();
            if (Eat("<-")) return new ChanType(ChanDir.SendOnly, ParseType());
            if (Eat("("))
            {
                var inner = ParseType();
                Expect(")");
                return new ChanType(ChanDir.SendRecv, inner);
            }
            return new ChanType(ChanDir.SendRecv, ParseType());
        }
        if (EatWord("map"))
        {
            Expect("[");
            var key = ParseType();
            Expect("]");
            return new MapType(key, ParseType());
        }
        if (EatWord("func")) return ParseSignature(null);
        if (EatWord("interface")) return ParseInterfaceLiteral();
        if (EatWord("struct")) return ParseStructLiteral();
        if (Eat("$"))
        {
            var idx = ParseInt();
            return idx < _typeParams.Count ? _typeParams[idx] : Invalid.Type;
        }
        return ParseNamed();
    }

    /// <summary>A signature after "func" (or after a method name): (params) results.</summary>
    public SignatureType ParseSignature(Var? recv, IReadOnlyList<TypeParamType>? typeParams = null)
    {
        var (ps, variadic) = ParseParams();
        var results = TupleType.Empty;
        SkipSpaces();
        if (Peek('('))
        {
            results = ParseParams().Tuple;
        }
        else if (_i < _s.Length && StartsType())
        {
            results = new TupleType([new Var("", null, 0, ParseType())]);
        }
        return new SignatureType(recv, typeParams ?? [], ps, results, variadic);
    }

    private (TupleType Tuple, bool Variadic) ParseParams()
    {
        Expect("(");
        var vars = new List<Var>();
        var variadic = false;
        SkipSpaces();
        while (!Peek(')'))
        {
            if (Eat("..."))
            {
                variadic = true;
                vars.Add(new Var("", null, 0, new SliceType(ParseType())));
            }
            else
            {
                vars.Add(new Var("", null, 0, ParseType()));
            }
            SkipSpaces();
            if (!Eat(",")) break;
            SkipSpaces();
        }
        Expect(")");
        return (vars.Count == 0 ? TupleType.Empty : new TupleType(vars), variadic);
    }

    private GoType ParseInterfaceLiteral()
    {
        // In records, inline interfaces appear only as constraints or as `interface{}`: methods are not spelled out.
        SkipSpaces();
        Expect("{");
        SkipSpaces();
        if (Eat("}")) return new InterfaceType([], []);
        var union = ParseUnion();
        SkipSpaces();
        Expect("}");
        return new InterfaceType([], [union]);
    }

    /// <summary>A constraint term list: ~T | U | ...; a single plain term is returned as the type itself.</summary>
    public GoType ParseUnion()
    {
        var terms = new List<UnionTerm>();
        do
        {
            SkipSpaces();
            var tilde = Eat("~");
            terms.Add(new UnionTerm(tilde, ParseType()));
            SkipSpaces();
        } while (Eat("|"));
        return terms.Count == 1 && !terms[0].Tilde ? terms[0].Type : new UnionType(terms);
    }

    private GoType ParseStructLiteral()
    {
        // Records abbreviate inline struct types to the bare word "struct" ("Done() <-chan struct"):
        // the fields are not recorded, so the type stands for struct{} (exact for the common chan struct{}).
        if (!Peek('{')) return new StructType([]);
        Expect("{");
        var fields = new List<Var>();
        SkipSpaces();
        while (!Peek('}') && _i < _s.Length)
        {
            var name = ParseIdent();
            SkipSpaces();
            fields.Add(new Var(name, null, 0, ParseType(), isField: true));
            SkipSpaces();
            if (!Eat(";")) break;
            SkipSpaces();
        }
        Expect("}");
        return new StructType(fields);
    }

    private GoType ParseNamed()
    {
        var first = ParseIdent();
        string? pkg = null;
        var name = first;
        if (Peek('.'))
        {
            _i++;
            pkg = first;
            name = ParseIdent();
        }
        var args = new List<GoType>();
        if (Peek('['))
        {
            _i++;
            do
            {
                args.Add(ParseType());
                SkipSpaces();
            } while (Eat(","));
            Expect("]");
        }
        return _resolveNamed(pkg, name, args);
    }

    public string ParseIdent()
    {
        SkipSpaces();
        var start = _i;
        while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] == '_')) _i++;
        if (_i == start) throw new FormatException($"expected identifier at column {_i + 1} of \"{_s}\"");
        return _s[start.._i];
    }

    public int ParseInt()
    {
        var start = _i;
        while (_i < _s.Length && char.IsAsciiDigit(_s[_i])) _i++;
        if (_i == start) throw new FormatException($"expected number at column {_i + 1} of \"{_s}\"");
        return int.Parse(_s.AsSpan(start, _i - start));
    }

    private bool StartsType()
    {
        SkipSpaces();
        if (_i >= _s.Length) return false;
        var c = _s[_i];
        return c is '*' or '[' or '$' or '<' || char.IsLetter(c) || c == '_';
    }

    public void SkipSpaces()
    {
        while (_i < _s.Length && _s[_i] == ' ') _i++;
    }

    public bool Peek(char c)
    {
        SkipSpaces();
        return _i < _s.Length && _s[_i] == c;
    }

    public bool Eat(string token)
    {
        SkipSpaces();
        if (string.CompareOrdinal(_s, _i, token, 0, token.Length) != 0) return false;
        _i += token.Length;
        return true;
    }

    private bool EatWord(string word)
    {
        SkipSpaces();
        if (string.CompareOrdinal(_s, _i, word, 0, word.Length) != 0) return false;
        var end = _i + word.Length;
        if (end < _s.Length && (char.IsLetterOrDigit(_s[end]) || _s[end] == '_')) return false;
        _i = end;
        return true;
    }

    public void Expect(string token)
    {
        if (!Eat(token)) throw new FormatException($"expected '{token}' at column {_i + 1} of \"{_s}\"");
    }
}
