using System.Text;
using LeakFinder.Syntax.Scanning;

namespace LeakFinder.Semantics.Loading;

/// <summary>A module path and version: "golang.org/x/net v0.1.0" (Version is empty for a local directory).</summary>
public readonly record struct ModuleVersion(string Path, string Version)
{
    public override string ToString() => Version.Length == 0 ? Path : Path + "@" + Version;
}

/// <summary>A replace directive: Old (any version when Old.Version is empty) => a module version or a local directory.</summary>
public sealed record Replacement(ModuleVersion Old, ModuleVersion New, string? LocalDir)
{
    public bool IsLocal => LocalDir != null;
}

/// <summary>
/// go.mod or go.work, read with a small hand-written parser of their shared grammar (x/mod/modfile's):
/// `verb args` lines and `verb ( ... )` blocks, `//` comments, "quoted" and `raw` strings and `=>`.
/// Bad lines are reported as "file:line: message" and skipped; the rest of the file is still read.
/// </summary>
public sealed class ModFile
{
    public string FilePath { get; }
    public string Dir => Path.GetDirectoryName(FilePath)!;
    /// <summary>The module line's path (go.mod only).</summary>
    public string? Module { get; private set; }
    public GoVersion? Go { get; private set; }
    public GoVersion? Toolchain { get; private set; }
    public List<ModuleVersion> Requires { get; } = [];
    public List<Replacement> Replaces { get; } = [];
    public List<ModuleVersion> Excludes { get; } = [];
    /// <summary>The use directives' directories, absolute (go.work only).</summary>
    public List<string> Uses { get; } = [];
    public List<string> Errors { get; } = [];

    private ModFile(string path) => FilePath = path;

    /// <summary>Reads and parses a go.mod or go.work; an unreadable file gives a ModFile with one error.</summary>
    public static ModFile Read(string path)
    {
        try
        {
            return Parse(path, File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var f = new ModFile(path);
            f.Errors.Add($"{path}: {e.Message}");
            return f;
        }
    }

    public static ModFile Parse(string path, string text)
    {
        var f = new ModFile(path);
        var isWork = Path.GetFileName(path) == "go.work";
        string? blockVerb = null;
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var tokens = f.Tokenize(raw, lineNo);
            if (tokens == null || tokens.Count == 0) continue;
            if (blockVerb != null)
            {
                if (tokens is [")"]) blockVerb = null;
                else f.Directive(blockVerb, tokens, lineNo, isWork);
                continue;
            }
            var verb = tokens[0];
            if (tokens.Count == 2 && tokens[1] == "(")
            {
                blockVerb = verb;
                continue;
            }
            f.Directive(verb, tokens.GetRange(1, tokens.Count - 1), lineNo, isWork);
        }
        if (blockVerb != null) f.Error(lineNo, $"unterminated {blockVerb} block");
        return f;
    }

    private void Error(int line, string message) => Errors.Add($"{FilePath}:{line}: {message}");

    private void Directive(string verb, List<string> args, int line, bool isWork)
    {
        switch (verb)
        {
            case "module" when !isWork:
                if (args.Count != 1) Error(line, "usage: module module/path");
                else Module = args[0];
                break;
            case "go":
            case "toolchain":
                if (args.Count != 1 || GoVersion.Parse(args[0]) is not { } v) Error(line, $"usage: {verb} 1.23");
                else if (verb == "go") Go = v;
                else Toolchain = v;
                break;
            case "require" when !isWork:
            case "exclude" when !isWork:
                if (args.Count != 2) Error(line, $"usage: {verb} module/path v1.2.3");
                else (verb == "require" ? Requires : Excludes).Add(new ModuleVersion(args[0], args[1]));
                break;
            case "replace":
                Replace(args, line);
                break;
            case "use" when isWork:
                if (args.Count != 1) Error(line, "usage: use local/dir");
                else Uses.Add(Path.GetFullPath(Path.Combine(Dir, args[0])));
                break;
            case "retract" when !isWork:
            case "godebug":
            case "tool" when !isWork:
            case "ignore" when !isWork:
                break; // no bearing on where packages are
            default:
                Error(line, "unknown directive: " + verb);
                break;
        }
    }

    private void Replace(List<string> args, int line)
    {
        var arrow = args.IndexOf("=>");
        if (arrow is < 1 or > 2 || args.Count - arrow - 1 is < 1 or > 2)
        {
            Error(line, "usage: replace module/path [v1.2.3] => other/module v1.4 | local/dir");
            return;
        }
        var old = new ModuleVersion(args[0], arrow == 2 ? args[1] : "");
        var target = args[arrow + 1];
        var isLocal = target.StartsWith("./", StringComparison.Ordinal) || target.StartsWith("../", StringComparison.Ordinal)
            || target == "." || target == ".." || Path.IsPathRooted(target);
        if (isLocal)
        {
            if (args.Count - arrow - 1 != 1) Error(line, "replacement directory cannot have a version");
            else Replaces.Add(new Replacement(old, new ModuleVersion(target, ""), Path.GetFullPath(Path.Combine(Dir, target))));
        }
        else if (args.Count - arrow - 1 != 2)
        {
            Error(line, $"replacement module {target} needs a version (or a local path starting with ./ or ../)");
        }
        else
        {
            Replaces.Add(new Replacement(old, new ModuleVersion(target, args[arrow + 2]), null));
        }
    }

    // One line's tokens; "(" ")" and "=>" are tokens of their own; quoted strings are unquoted.
    private List<string>? Tokenize(string line, int lineNo)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c is ' ' or '\t' or '\r') { i++; continue; }
            if (c == '/' && i + 1 < line.Length && line[i + 1] == '/') break;
            if (c is '(' or ')') { tokens.Add(c.ToString()); i++; continue; }
            if (c == '=' && i + 1 < line.Length && line[i + 1] == '>') { tokens.Add("=>"); i += 2; continue; }
            if (c is '"' or '`')
            {
                var end = i + 1;
                while (end < line.Length && line[end] != c) end += line[end] == '\\' && c == '"' ? 2 : 1;
                if (end >= line.Length)
                {
                    Error(lineNo, "unterminated string");
                    return null;
                }
                var lit = line[i..(end + 1)];
                var value = GoUnquote.Unquote(lit);
                if (value == null)
                {
                    Error(lineNo, "invalid quoted string " + lit);
                    return null;
                }
                tokens.Add(value);
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < line.Length && line[i] is not (' ' or '\t' or '\r' or '(' or ')' or '"' or '`')
                && !(line[i] == '/' && i + 1 < line.Length && line[i + 1] == '/')
                && !(line[i] == '=' && i + 1 < line.Length && line[i + 1] == '>')) i++;
            tokens.Add(line[start..i]);
        }
        return tokens;
    }

    /// <summary>The module cache's case encoding: every upper-case letter becomes '!' and its lower case.</summary>
    public static string EscapePath(string path)
    {
        var sb = new StringBuilder(path.Length + 4);
        foreach (var c in path)
        {
            if (c is >= 'A' and <= 'Z') sb.Append('!').Append((char)(c + ('a' - 'A')));
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
