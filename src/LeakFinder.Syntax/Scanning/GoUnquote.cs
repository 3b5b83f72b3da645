using System.Text;

namespace LeakFinder.Syntax.Scanning;

/// <summary>strconv.Unquote for Go string literals ("..." and `...`); returns null for an invalid literal.</summary>
public static class GoUnquote
{
    public static string? Unquote(string lit)
    {
        if (lit.Length < 2) return null;
        var q = lit[0];
        if (q != lit[^1]) return null;
        var body = lit.AsSpan(1, lit.Length - 2);
        if (q == '`')
        {
            if (body.Contains('`')) return null;
            return body.Contains('\r') ? body.ToString().Replace("\r", "") : body.ToString();
        }
        if (q != '"' && q != '\'') return null;
        if (body.Contains('\n')) return null;
        if (!body.Contains('\\') && !body.Contains(q)) return body.ToString();

        var sb = new StringBuilder(body.Length);
        var bytes = new List<byte>();
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == q) return null;
            if (c != '\\')
            {
                Flush();
                sb.Append(c);
                i++;
                continue;
            }
            if (++i >= body.Length) return null;
            c = body[i++];
            switch (c)
            {
                case 'a': Flush(); sb.Append('\a'); break;
                case 'b': Flush(); sb.Append('\b'); break;
                case 'f': Flush(); sb.Append('\f'); break;
                case 'n': Flush(); sb.Append('\n'); break;
                case 'r': Flush(); sb.Append('\r'); break;
                case 't': Flush(); sb.Append('\t'); break;
                case 'v': Flush(); sb.Append('\v'); break;
                case '\\': Flush(); sb.Append('\\'); break;
                case '\'' or '"':
                    if (c != q) return null;
                    Flush();
                    sb.Append(c);
                    break;
                case 'x' or 'u' or 'U':
                {
                    var n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                    if (i + n > body.Length) return null;
                    var v = 0;
                    for (var k = 0; k < n; k++)
                    {
                        var d = HexVal(body[i + k]);
                        if (d < 0) return null;
                        v = v * 16 + d;
                    }
                    i += n;
                    if (c == 'x')
                        bytes.Add((byte)v);
                    else
                    {
                        if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) return null;
                        Flush();
                        sb.Append(char.ConvertFromUtf32(v));
                    }
                    break;
                }
                case >= '0' and <= '7':
                {
                    if (i + 2 > body.Length) return null;
                    var v = c - '0';
                    for (var k = 0; k < 2; k++)
                    {
                        var d = body[i + k] - '0';
                        if (d < 0 || d > 7) return null;
                        v = v * 8 + d;
                    }
                    if (v > 255) return null;
                    i += 2;
                    bytes.Add((byte)v);
                    break;
                }
                default:
                    return null;
            }
        }
        Flush();
        return sb.ToString();

        void Flush()
        {
            if (bytes.Count == 0) return;
            sb.Append(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
    }

    private static int HexVal(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
