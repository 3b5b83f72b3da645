using LeakFinder.Semantics.Types;

namespace LeakFinder.Semantics.StdApi;

/// <summary>
/// Builds one std package's objects from its API records: first a shell for every type (types refer to
/// each other, also across packages), then aliases, type definitions with their fields and interface
/// methods, then functions, methods, variables and constants.
/// </summary>
internal sealed class StdApiPackageBuilder(StdApiView view, Package pkg, List<ApiRecord> records)
{
    private sealed class TypeDecl(TypeName obj, IReadOnlyList<TypeParamType> typeParams, string rhs)
    {
        public override string ToString() => "type " + Obj.Name;
        public TypeName Obj { get; } = obj;
        public IReadOnlyList<TypeParamType> TypeParams { get; } = typeParams;
        public string Rhs { get; set; } = rhs;
        public string TypeParamsText { get; init; } = "";
        public List<Var> Fields { get; } = [];
        public List<Func> InterfaceMethods { get; } = [];
    }

    private readonly Dictionary<string, TypeDecl> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NamedType> _opaque = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Type, string? Value)> _consts = new(StringComparer.Ordinal);

    public void Build()
    {
        records = records.Where(r => !r.IsDeprecation && !r.IsUnexportedMethodsNote).ToList();
        foreach (var r in records)
            if (r.Element.StartsWith("type ", StringComparison.Ordinal)) Guard(r, () => DeclareType(r.Element[5..]));
        foreach (var decl in _types.Values) pkg.Scope.Insert(decl.Obj);
        foreach (var decl in _types.Values) Guard(decl, () => ResolveTypeParams(decl));
        foreach (var decl in _types.Values)
            if (decl.Obj.IsAlias) Guard(decl, () => decl.Obj.SetType(ParseType(decl.Rhs[2..], decl.TypeParams)));
        foreach (var r in records)
            if (r.Element.StartsWith("type ", StringComparison.Ordinal)) Guard(r, () => AddTypeMember(r.Element[5..]));
        foreach (var decl in _types.Values)
            if (!decl.Obj.IsAlias) Guard(decl, () => DefineType(decl));
        foreach (var r in records) Guard(r, () => DeclareMember(r.Element));
        foreach (var (name, (type, value)) in _consts) Guard(name, () => DeclareConst(name, type, value));
    }

    // A record we cannot read leaves its element unknown (invalid type) instead of failing the package.
    private void Guard(object what, Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or InvalidCastException)
        {
            view.ReportProblem($"{pkg.Path}: {what}: {e.GetType().Name}: {e.Message}");
        }
    }

    // "Name[$0 C] rest" or "Name rest": the type's shell, with its parameters' constraints resolved later.
    private void DeclareType(string text)
    {
        var (name, tparamsText, rest) = SplitTypeHead(text);
        var rhs = MemberKind(rest) ?? rest;
        // Records come oldest first; a later head that differs (os.FileInfo: interface until go1.16, then
        // an alias of fs.FileInfo) replaces the earlier definition.
        if (_types.TryGetValue(name, out var existing) && (existing.Rhs == rhs || MemberKind(rest) != null)) return;
        var isAlias = rest.StartsWith("= ", StringComparison.Ordinal);
        var obj = new TypeName(name, pkg, 0, isAlias: isAlias);
        var tparams = new List<TypeParamType>();
        for (var i = 0; i < CountTypeParams(tparamsText); i++)
            tparams.Add(new TypeParamType(new TypeName("$" + i, pkg, 0), i));
        if (!isAlias)
        {
            var named = new NamedType(obj) { TypeParams = tparams };
            obj.SetType(named);
        }
        _types[name] = new TypeDecl(obj, tparams, rhs) { TypeParamsText = tparamsText };
    }

    private void ResolveTypeParams(TypeDecl decl)
    {
        if (decl.TypeParams.Count == 0) return;
        ParseTypeParamConstraints(decl.TypeParamsText, decl.TypeParams);
    }

    // "Name struct, Field T", "Name struct, embedded T", "Name interface, M(sig)".
    private void AddTypeMember(string text)
    {
        var (name, _, rest) = SplitTypeHead(text);
        var kind = MemberKind(rest);
        if (kind == null || !_types.TryGetValue(name, out var decl) || !decl.Rhs.StartsWith(kind, StringComparison.Ordinal)) return;
        var member = rest[(kind.Length + 2)..];
        if (kind == "struct")
        {
            if (member.StartsWith("embedded ", StringComparison.Ordinal))
            {
                var t = ParseType(member["embedded ".Length..], decl.TypeParams);
                decl.Fields.Add(new Var(EmbeddedName(t), pkg, 0, t, isField: true, embedded: true));
            }
            else
            {
                var sp = member.IndexOf(' ');
                decl.Fields.Add(new Var(member[..sp], pkg, 0, ParseType(member[(sp + 1)..], decl.TypeParams), isField: true));
            }
        }
        else if (kind == "interface")
        {
            var paren = member.IndexOf('(');
            var m = new Func(member[..paren], pkg, 0);
            var p = Parser(member[paren..], decl.TypeParams);
            m.SetSignature(p.ParseSignature(new Var("", pkg, 0, decl.Obj.Type)));
            decl.InterfaceMethods.Add(m);
        }
    }

    private void DefineType(TypeDecl decl)
    {
        var named = (NamedType)decl.Obj.Type;
        var rhs = decl.Rhs;
        if (rhs == "struct")
        {
            named.SetUnderlying(new StructType(decl.Fields));
        }
        else if (rhs.StartsWith("interface", StringComparison.Ordinal))
        {
            var embeddeds = new List<GoType>();
            var body = rhs["interface".Length..].Trim().TrimStart('{').TrimEnd('}').Trim();
            // A body that lists only method names is described by the member lines; anything else is a type set.
            if (body.Length > 0 && !IsMethodNameList(body)) embeddeds.Add(Parser(body, decl.TypeParams).ParseUnion());
            decl.InterfaceMethods.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            named.SetUnderlying(new InterfaceType(decl.InterfaceMethods, embeddeds));
        }
        else
        {
            var rhsType = ParseType(rhs, decl.TypeParams);
            named.SetLazyUnderlying(() => rhsType.Underlying);
        }
    }

    private void DeclareMember(string element)
    {
        var sp = element.IndexOf(' ');
        var kind = element[..sp];
        var rest = element[(sp + 1)..];
        switch (kind)
        {
            case "func":
                DeclareFunc(rest);
                break;
            case "method":
                DeclareMethod(rest);
                break;
            case "var":
            {
                var nameEnd = rest.IndexOf(' ');
                var v = new Var(rest[..nameEnd], pkg, 0, ParseType(rest[(nameEnd + 1)..], []));
                pkg.Scope.Insert(v);
                break;
            }
            case "const":
            {
                var nameEnd = rest.IndexOf(' ');
                var name = rest[..nameEnd];
                var tail = rest[(nameEnd + 1)..];
                _consts.TryGetValue(name, out var c);
                if (tail.StartsWith("= ", StringComparison.Ordinal)) c.Value = tail[2..];
                else c.Type = tail;
                _consts[name] = c;
                break;
            }
        }
    }

    private void DeclareFunc(string rest)
    {
        var i = 0;
        while (i < rest.Length && rest[i] != '(' && rest[i] != '[') i++;
        var name = rest[..i];
        var tparams = new List<TypeParamType>();
        if (i < rest.Length && rest[i] == '[')
        {
            var close = MatchingBracket(rest, i);
            var text = rest[(i + 1)..close];
            for (var k = 0; k < CountTypeParams(text); k++) tparams.Add(new TypeParamType(new TypeName("$" + k, pkg, 0), k));
            ParseTypeParamConstraints(text, tparams);
            i = close + 1;
        }
        var f = new Func(name, pkg, 0);
        f.SetSignature(Parser(rest[i..], tparams).ParseSignature(null, tparams));
        pkg.Scope.Insert(f);
    }

    // "(*T) Name(params) results", "(*T[$0]) Name(...)", or a generic method (Go 1.27) "(*T) Name[$0 C](...)",
    // whose parameters are numbered after the receiver type's.
    private void DeclareMethod(string rest)
    {
        var close = rest.IndexOf(") ", StringComparison.Ordinal);
        var recvText = rest[1..close];
        var pointer = recvText.StartsWith('*');
        var typeName = recvText.TrimStart('*');
        var bracket = typeName.IndexOf('[');
        if (bracket >= 0) typeName = typeName[..bracket];
        var sig = rest[(close + 2)..];
        var paren = sig.IndexOfAny(['(', '[']);
        var name = sig[..paren];
        if (!_types.TryGetValue(typeName, out var decl) || decl.Obj.Type is not NamedType named) return;
        var inScope = new List<TypeParamType>(named.TypeParams);
        var own = new List<TypeParamType>();
        if (sig[paren] == '[')
        {
            var bracket2 = MatchingBracket(sig, paren);
            var text = sig[(paren + 1)..bracket2];
            for (var k = 0; k < CountTypeParams(text); k++) own.Add(new TypeParamType(new TypeName("$" + (inScope.Count + k), pkg, 0), k));
            inScope.AddRange(own);
            ParseTypeParamConstraints(text, own, inScope);
            paren = bracket2 + 1;
        }
        // The receiver of a generic type's method is the type instantiated with its own parameters.
        GoType recvType = named.TypeParams.Count > 0 ? TypeSubstituter.Instantiate(named, named.TypeParams.Cast<GoType>().ToList()) : named;
        if (pointer) recvType = new PointerType(recvType);
        var m = new Func(name, pkg, 0);
        m.SetSignature(Parser(sig[paren..], inScope).ParseSignature(new Var("", pkg, 0, recvType), own));
        if (named.LookupMethod(name) == null) named.AddMethod(m);
    }

    private void DeclareConst(string name, string? typeText, string? value)
    {
        GoType type = typeText switch
        {
            null => Universe.UntypedInt,
            "ideal-int" => Universe.UntypedInt,
            "ideal-char" => Universe.UntypedRune,
            "ideal-float" => Universe.UntypedFloat,
            "ideal-complex" => Universe.UntypedComplex,
            "ideal-string" => Universe.UntypedString,
            "ideal-bool" => Universe.UntypedBool,
            _ => ParseType(typeText, []),
        };
        pkg.Scope.Insert(new Const(name, pkg, 0, type, value is null ? Constant.Unknown : Constant.Parse(StripComment(value))));
    }

    private GoType ParseType(string text, IReadOnlyList<TypeParamType> tparams) => Parser(text, tparams).ParseType();

    private ApiTypeParser Parser(string text, IReadOnlyList<TypeParamType> tparams) => new(text, ResolveNamed, tparams);

    private GoType ResolveNamed(string? pkgName, string name, IReadOnlyList<GoType> args)
    {
        GoType? t;
        if (pkgName == null)
        {
            t = _types.TryGetValue(name, out var decl) ? decl.Obj.Type : Universe.LookupType(name);
            t ??= Opaque(name);
        }
        else if (pkgName == "unsafe" && name == "Pointer")
        {
            t = Universe.UnsafePointer;
        }
        else
        {
            var other = view.ResolvePackageName(pkgName, name, pkg.Path);
            t = (other?.Scope.LookupLocal(name) as TypeName)?.Type ?? view.OpaqueExternal(pkgName, name);
        }
        if (args.Count > 0 && t is NamedType { TypeParams.Count: > 0 } generic) return TypeSubstituter.Instantiate(generic, args);
        return t;
    }

    // Records mention a few unexported types; they become opaque named types: known by name, unknown inside.
    private NamedType Opaque(string name)
    {
        if (!_opaque.TryGetValue(name, out var t))
        {
            var obj = new TypeName(name, pkg, 0);
            _opaque[name] = t = new NamedType(obj);
            obj.SetType(t);
        }
        return t;
    }

    /// <param name="scope">The type parameters "$N" can name in the constraints, when more than those declared.</param>
    private void ParseTypeParamConstraints(string text, IReadOnlyList<TypeParamType> tparams, IReadOnlyList<TypeParamType>? scope = null)
    {
        var p = Parser(text, scope ?? tparams);
        foreach (var tp in tparams)
        {
            p.Expect("$");
            p.ParseInt();
            var constraint = p.ParseUnion();
            tp.Constraint = constraint is UnionType u ? new InterfaceType([], [u]) : constraint;
            if (!p.Eat(",")) break;
        }
    }

    // Member lines read "struct, Field T" or "interface, M()": only then is the text before ", " the kind
    // (a definition such as "func(A, B)" has commas of its own).
    private static string? MemberKind(string rest)
    {
        if (rest.StartsWith("struct, ", StringComparison.Ordinal)) return "struct";
        if (rest.StartsWith("interface, ", StringComparison.Ordinal)) return "interface";
        return null;
    }

    private static (string Name, string TypeParams, string Tail) SplitTypeHead(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
        var name = text[..i];
        var tparams = "";
        if (i < text.Length && text[i] == '[')
        {
            var close = MatchingBracket(text, i);
            tparams = text[(i + 1)..close];
            i = close + 1;
        }
        return (name, tparams, text[i..].TrimStart());
    }

    private static int MatchingBracket(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] is '[' or '{' or '(') depth++;
            else if (s[i] is ']' or '}' or ')' && --depth == 0) return i;
        }
        return s.Length - 1;
    }

    private static int CountTypeParams(string text)
    {
        var n = 0;
        for (var i = 0; i + 1 < text.Length; i++)
            if (text[i] == '$' && (i == 0 || text[i - 1] == ' ') && (i == 0 || text[i - 2] == ',')) n++;
        return n;
    }

    private static bool IsMethodNameList(string body)
    {
        foreach (var part in body.Split(", "))
        {
            if (part.Length == 0 || !char.IsLetter(part[0])) return false;
            foreach (var c in part) if (!char.IsLetterOrDigit(c) && c != '_') return false;
        }
        return true;
    }

    private static string EmbeddedName(GoType t)
    {
        if (t is PointerType p) t = p.Elem;
        return t is NamedType n ? n.Obj.Name : "?";
    }

    private static string StripComment(string value)
    {
        var c = value.IndexOf("  //", StringComparison.Ordinal);
        return c >= 0 ? value[..c] : value;
    }
}
