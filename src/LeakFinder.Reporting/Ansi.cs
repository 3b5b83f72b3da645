using LeakFinder.Analysis;

namespace LeakFinder.Reporting;

/// <summary>ANSI SGR codes for the text format; every method returns the text unchanged when colour is off.</summary>
internal readonly struct Ansi(bool enabled)
{
    private const string Reset = "\u001b[0m";

    public string Bold(string s) => Wrap("\u001b[1m", s);
    public string Dim(string s) => Wrap("\u001b[2m", s);
    public string Cyan(string s) => Wrap("\u001b[36m", s);
    public string Blue(string s) => Wrap("\u001b[34m", s);

    /// <summary>Red for errors, yellow for warnings, blue for infos: the usual compiler palette.</summary>
    public string ForSeverity(Severity severity, string s) => severity switch
    {
        Severity.Error => Wrap("\u001b[1;31m", s),
        Severity.Warning => Wrap("\u001b[1;33m", s),
        _ => Wrap("\u001b[1;34m", s),
    };

    private string Wrap(string code, string s) => enabled && s.Length > 0 ? code + s + Reset : s;
}
