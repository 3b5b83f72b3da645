namespace LeakFinder.Semantics;

/// <summary>A Go language/release version "1.N" (patch releases do not change the API or language).</summary>
public readonly record struct GoVersion(int Major, int Minor) : IComparable<GoVersion>
{
    /// <summary>The newest version whose API records LeakFinder embeds.</summary>
    public static readonly GoVersion Latest = new(1, 27);

    public int CompareTo(GoVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);
    public static bool operator <(GoVersion a, GoVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(GoVersion a, GoVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(GoVersion a, GoVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(GoVersion a, GoVersion b) => a.CompareTo(b) >= 0;

    /// <summary>Parses "1.21", "go1.21", "1.21.3", "go1.22rc1"; null when it is not a Go version.</summary>
    public static GoVersion? Parse(string text)
    {
        var s = text.Trim();
        if (s.StartsWith("go", StringComparison.Ordinal)) s = s[2..];
        var parts = s.Split('.');
        if (parts.Length < 1 || !int.TryParse(parts[0], out var major)) return null;
        var minor = 0;
        if (parts.Length > 1)
        {
            var digits = 0;
            while (digits < parts[1].Length && char.IsAsciiDigit(parts[1][digits])) digits++;
            if (digits == 0 || !int.TryParse(parts[1][..digits], out minor)) return null;
        }
        return new GoVersion(major, minor);
    }

    public override string ToString() => $"go{Major}.{Minor}";
}
