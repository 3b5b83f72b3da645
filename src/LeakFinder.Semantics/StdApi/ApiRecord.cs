namespace LeakFinder.Semantics.StdApi;

/// <summary>
/// One element line of Go's API records for one package, e.g. "func Get(string) (*Response, error)",
/// with the first Go minor version (1.Minor) that listed it and its build context ("" or "linux-amd64").
/// </summary>
internal readonly record struct ApiRecord(int Minor, string Context, string Element)
{
    /// <summary>Records of go1.21+ mark deprecations as "func Marshal //deprecated": not a new element.</summary>
    public bool IsDeprecation => Element.EndsWith(" //deprecated", StringComparison.Ordinal);

    /// <summary>"type AEAD interface, unexported methods": the interface has methods outside the API.</summary>
    public bool IsUnexportedMethodsNote => Element.EndsWith(" interface, unexported methods", StringComparison.Ordinal);

    /// <summary>
    /// The dotted name the element defines: "Get", "Client.Do" (method), "Header.AccessTime" (field),
    /// "Reader.Read" (interface method). Used for "since which version" questions.
    /// </summary>
    public string Key
    {
        get
        {
            var e = Element;
            var sp = e.IndexOf(' ');
            var kind = e[..sp];
            var rest = e[(sp + 1)..];
            if (kind == "method")
            {
                var close = rest.IndexOf(") ", StringComparison.Ordinal);
                var recv = rest[1..close].TrimStart('*');
                var bracket = recv.IndexOf('[');
                if (bracket >= 0) recv = recv[..bracket];
                return recv + "." + LeadingIdent(rest[(close + 2)..]);
            }
            var name = LeadingIdent(rest);
            if (kind == "type")
            {
                var comma = rest.IndexOf(", ", StringComparison.Ordinal);
                if (comma >= 0)
                {
                    var member = rest[(comma + 2)..];
                    if (member.StartsWith("embedded ", StringComparison.Ordinal))
                    {
                        var t = member["embedded ".Length..].TrimStart('*');
                        var dot = t.LastIndexOf('.');
                        member = dot >= 0 ? t[(dot + 1)..] : t;
                    }
                    return name + "." + LeadingIdent(member);
                }
            }
            return name;
        }
    }

    private static string LeadingIdent(string s)
    {
        var i = 0;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
        return s[..i];
    }
}
