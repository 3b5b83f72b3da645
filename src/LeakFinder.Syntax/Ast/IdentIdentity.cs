namespace LeakFinder.Syntax.Ast;

/// <summary>
/// Identifiers as map keys by identity (as <see cref="ReferenceEqualityComparer"/>), hashed by their position
/// instead of the object's header hash: two identifiers of one file set hardly ever share a position, and the
/// header hash is a runtime call that writes the header the first time (once per identifier the checker records,
/// then once per lookup). For the type checker's Uses and Defs, looked up millions of times per check.
/// </summary>
public sealed class IdentIdentity : IEqualityComparer<Ident>
{
    public static readonly IdentIdentity Instance = new();

    private IdentIdentity()
    {
    }

    public bool Equals(Ident? x, Ident? y) => ReferenceEquals(x, y);

    public int GetHashCode(Ident id) => id.NamePos.Value;
}
