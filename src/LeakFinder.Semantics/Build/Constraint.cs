using System.Text;

namespace LeakFinder.Semantics.Build;

/// <summary>
/// A build constraint expression, as go/build/constraint's Expr: a tag, !x, x &amp;&amp; y or x || y.
/// <see cref="Parse"/> reads both `//go:build` lines (full grammar) and legacy `// +build` lines
/// (space = OR, comma = AND, `!` negation), exactly as Go 1.17+ does.
/// </summary>
public abstract class Constraint
{
    public abstract bool Eval(Func<string, bool> tagOk);

    public sealed class Tag(string name) : Constraint
    {
        public string Name { get; } = name;
        public override bool Eval(Func<string, bool> tagOk) => tagOk(Name);
        public override string ToString() => Name;
    }

    public sealed class Not(Constraint x) : Constraint
    {
        public Constraint X { get; } = x;
        public override bool Eval(Func<string, bool> tagOk) => !X.Eval(tagOk);
        public override string ToString() => X is And or Or ? $"!({X})" : "!" + X;
    }

    public sealed class And(Constraint x, Constraint y) : Constraint
    {
        public Constraint X { get; } = x;
        public Constraint Y { get; } = y;

        // Both sides are evaluated, as in go/build: matchTag records every tag it is asked about.
        public override bool Eval(Func<string, bool> tagOk)
        {
            var xok = X.Eval(tagOk);
            var yok = Y.Eval(tagOk);
            return xok && yok;
        }

        public override string ToString() => Arg(X) + " && " + Arg(Y);
        private static string Arg(Constraint c) => c is Or ? $"({c})" : c.ToString()!;
    }

    public sealed class Or(Constraint x, Constraint y) : Constraint
    {
        public Constraint X { get; } = x;
        public Constraint Y { get; } = y;

        public override bool Eval(Func<string, bool> tagOk)
        {
            var xok = X.Eval(tagOk);
            var yok = Y.Eval(tagOk);
            return xok || yok;
        }

        public override string ToString() => Arg(X) + " || " + Arg(Y);
        private static string Arg(Constraint c) => c is And ? $"({c})" : c.ToString()!;
    }

    /// <summary>
    /// Parses one `//go:build` or `// +build` line. Returns null with an error message for a malformed
    /// //go:build expression (+build lines never fail: bad words become the tag "ignore", as in Go), and
    /// null with "not a build constraint" for any other line.
    /// </summary>
    public static Constraint? Parse(string line, out string? error)
    {
        error = null;
        if (SplitGoBuild(line) is { } goBuild) return new ExprParser(goBuild).ParseAll(out error);
        if (SplitPlusBuild(line) is { } plusBuild) return ParsePlusBuild(plusBuild);
        error = "not a build constraint";
        return null;
    }

    public static bool IsGoBuild(string line) => SplitGoBuild(line) != null;

    public static bool IsPlusBuild(string line) => SplitPlusBuild(line) != null;

    private static string? SplitGoBuild(string line)
    {
        if (line.EndsWith('\n')) line = line[..^1];
        if (line.Contains('\n') || !line.StartsWith("//go:build", StringComparison.Ordinal)) return null;
        line = line.Trim(GoSpace)["//go:build".Length..];
        var trim = line.Trim(GoSpace);
        if (line.Length == trim.Length && line.Length != 0) return null; // "//go:buildx"
        return trim;
    }

    private static string? SplitPlusBuild(string line)
    {
        if (line.EndsWith('\n')) line = line[..^1];
        if (line.Contains('\n') || !line.StartsWith("//", StringComparison.Ordinal)) return null;
        line = line[2..].Trim(GoSpace);
        if (!line.StartsWith("+build", StringComparison.Ordinal)) return null;
        line = line["+build".Length..];
        var trim = line.Trim(GoSpace);
        if (line.Length == trim.Length && line.Length != 0) return null; // "+buildx"
        return trim;
    }

    /// <summary>The ASCII white space strings.TrimSpace removes (Unicode spaces are rare enough in headers to ignore).</summary>
    internal static readonly char[] GoSpace = [' ', '\t', '\n', '\r', '\v', '\f', '\u0085', '\u00A0'];

    private static Constraint ParsePlusBuild(string text)
    {
        Constraint? x = null;
        foreach (var clause in text.Split(GoSpace, StringSplitOptions.RemoveEmptyEntries))
        {
            Constraint? y = null;
            foreach (var word in clause.Split(','))
            {
                Constraint z;
                if (word.StartsWith("!!", StringComparison.Ordinal) || word == "!")
                {
                    z = new Tag("ignore");
                }
                else
                {
                    var neg = word.StartsWith('!');
                    var lit = neg ? word[1..] : word;
                    z = IsValidTag(lit) ? new Tag(lit) : new Tag("ignore");
                    if (neg) z = new Not(z);
                }
                y = y == null ? z : new And(y, z);
            }
            x = x == null ? y : new Or(x, y!);
        }
        return x ?? new Tag("ignore");
    }

    private static bool IsValidTag(string word)
    {
        if (word.Length == 0) return false;
        foreach (var r in word.EnumerateRunes())
            if (!IsTagRune(r)) return false;
        return true;
    }

    internal static bool IsTagRune(Rune r) => Rune.IsLetter(r) || Rune.IsDigit(r) || r.Value == '_' || r.Value == '.';

    /// <summary>go/build/constraint's exprParser: recursive descent over || , &amp;&amp; , ! and parentheses.</summary>
    private sealed class ExprParser(string s)
    {
        private sealed class SyntaxException(string message) : Exception(message);

        private int _i;
        private string _tok = "";
        private bool _isTag;
        private int _pos;

        public Constraint? ParseAll(out string? error)
        {
            error = null;
            try
            {
                var x = OrExpr();
                if (_tok.Length != 0) throw new SyntaxException("unexpected token " + _tok);
                return x;
            }
            catch (SyntaxException e)
            {
                error = e.Message;
                return null;
            }
        }

        private Constraint OrExpr()
        {
            var x = AndExpr();
            while (_tok == "||") x = new Or(x, AndExpr());
            return x;
        }

        private Constraint AndExpr()
        {
            var x = NotExpr();
            while (_tok == "&&") x = new And(x, NotExpr());
            return x;
        }

        private Constraint NotExpr()
        {
            Lex();
            if (_tok != "!") return Atom();
            Lex();
            if (_tok == "!") throw new SyntaxException("double negation not allowed");
            return new Not(Atom());
        }

        private Constraint Atom()
        {
            if (_tok == "(")
            {
                Constraint x;
                try
                {
                    x = OrExpr();
                }
                catch (SyntaxException e) when (e.Message == "unexpected end of expression")
                {
                    throw new SyntaxException("missing close paren");
                }
                if (_tok != ")") throw new SyntaxException("missing close paren");
                Lex();
                return x;
            }
            if (!_isTag)
                throw new SyntaxException(_tok.Length == 0 ? "unexpected end of expression" : "unexpected token " + _tok);
            var tag = _tok;
            Lex();
            return new Tag(tag);
        }

        private void Lex()
        {
            _isTag = false;
            while (_i < s.Length && (s[_i] == ' ' || s[_i] == '\t')) _i++;
            if (_i >= s.Length)
            {
                _tok = "";
                _pos = _i;
                return;
            }
            switch (s[_i])
            {
                case '(' or ')' or '!':
                    _pos = _i++;
                    _tok = s[_pos.._i];
                    return;
                case '&' or '|':
                    if (_i + 1 >= s.Length || s[_i + 1] != s[_i]) throw new SyntaxException("invalid syntax at " + s[_i]);
                    _pos = _i;
                    _i += 2;
                    _tok = s[_pos.._i];
                    return;
            }
            var end = _i;
            while (end < s.Length && Rune.DecodeFromUtf16(s.AsSpan(end), out var r, out var n) == System.Buffers.OperationStatus.Done && IsTagRune(r)) end += n;
            if (end == _i)
            {
                var bad = Rune.DecodeFromUtf16(s.AsSpan(_i), out var r, out _) == System.Buffers.OperationStatus.Done ? r.ToString() : "\uFFFD";
                throw new SyntaxException("invalid syntax at " + bad);
            }
            _pos = _i;
            _i = end;
            _tok = s[_pos.._i];
            _isTag = true;
        }
    }
}
