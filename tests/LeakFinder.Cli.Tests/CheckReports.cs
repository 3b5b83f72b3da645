using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LeakFinder.Cli.Tests;

/// <summary>What identifies one finding in every output format: where it is and which rule found it.</summary>
public sealed record FindingKey(string File, int Line, int Column, string Rule)
{
    public override string ToString() => $"{File}:{Line}:{Column} {Rule}";
}

/// <summary>The parsed text report of `leakfinder check`: finding lines, input-error lines and the summary.</summary>
public sealed record TextReport(IReadOnlyList<FindingKey> Findings, IReadOnlyList<string> InputErrors, string Summary, int SummaryCount, IReadOnlyList<string> Unrecognized);

/// <summary>Parsers for each output format of `leakfinder check`, each down to the findings' keys.</summary>
public static partial class CheckReports
{
    [GeneratedRegex(@"^(?<file>\S+?\.go):(?<line>\d+):(?<col>\d+): (?<msg>.+) \((?<rule>LF\d{4}) (?<name>[a-z0-9]+(-[a-z0-9]+)*)\)$")]
    private static partial Regex FindingLine();

    [GeneratedRegex(@"^(?<file>\S+?):(?<line>\d+):(?<col>\d+): error: .+$")]
    private static partial Regex InputErrorLine();

    [GeneratedRegex(@"^(?<n>No|\d+) findings? .*\(\d+\.\d+s\)$")]
    private static partial Regex SummaryLine();

    /// <summary>
    /// Splits the text report: unindented lines are findings (`file:line:col: message (LFnnnn name)`), input
    /// errors (`file:line:col: error: ...`) or the closing summary; indented lines are code frames and notes.
    /// </summary>
    public static TextReport ParseText(string stdout)
    {
        var findings = new List<FindingKey>();
        var errors = new List<string>();
        var unrecognized = new List<string>();
        string? summary = null;
        var count = -1;
        foreach (var line in stdout.Split('\n'))
        {
            if (line.Length == 0 || line[0] == ' ') continue;
            if (FindingLine().Match(line) is { Success: true } f)
                findings.Add(new FindingKey(f.Groups["file"].Value, Int(f.Groups["line"].Value), Int(f.Groups["col"].Value), f.Groups["rule"].Value));
            else if (InputErrorLine().IsMatch(line))
                errors.Add(line);
            else if (SummaryLine().Match(line) is { Success: true } s && summary == null)
            {
                summary = line;
                count = s.Groups["n"].Value == "No" ? 0 : Int(s.Groups["n"].Value);
            }
            else
                unrecognized.Add(line);
        }
        Assert.True(summary != null, "no summary line in the text report:\n" + stdout);
        return new TextReport(findings, errors, summary!, count, unrecognized);
    }

    public static List<FindingKey> ParseJson(string stdout)
    {
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => new FindingKey(f.GetProperty("file").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32(), f.GetProperty("rule").GetString()!))
            .ToList();
    }

    public static List<FindingKey> ParseSarif(string stdout)
    {
        using var doc = JsonDocument.Parse(stdout);
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");
        return results.EnumerateArray().Select(r =>
        {
            var loc = r.GetProperty("locations")[0].GetProperty("physicalLocation");
            var region = loc.GetProperty("region");
            return new FindingKey(loc.GetProperty("artifactLocation").GetProperty("uri").GetString()!,
                region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), r.GetProperty("ruleId").GetString()!);
        }).ToList();
    }

    public static List<FindingKey> ParseCheckstyle(string stdout)
    {
        var doc = XDocument.Parse(stdout);
        Assert.Equal("checkstyle", doc.Root!.Name.LocalName);
        return doc.Root.Elements("file").SelectMany(file => file.Elements("error").Select(e =>
        {
            // source="leakfinder.LF2001.http-body-not-closed"
            var source = ((string?)e.Attribute("source") ?? "").Split('.');
            Assert.True(source is ["leakfinder", _, _], "unexpected checkstyle source " + (string?)e.Attribute("source"));
            return new FindingKey((string)file.Attribute("name")!, (int)e.Attribute("line")!, (int)e.Attribute("column")!, source[1]);
        })).ToList();
    }

    /// <summary>`::error file=F,line=L,col=C,...,title=LF2001 name::message` workflow commands (the summary line is plain text).</summary>
    public static List<FindingKey> ParseGitHub(string stdout)
    {
        var keys = new List<FindingKey>();
        foreach (var line in stdout.Split('\n'))
        {
            if (!line.StartsWith("::", StringComparison.Ordinal)) continue;
            var end = line.IndexOf("::", 2, StringComparison.Ordinal);
            var head = end < 0 ? "" : line[2..end];
            var space = head.IndexOf(' ');
            Assert.True(space > 0 && head[..space] is "error" or "warning" or "notice", "malformed GitHub annotation: " + line);
            var props = head[(space + 1)..].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
            var rule = props["title"].Split(' ')[0];
            keys.Add(new FindingKey(props["file"], Int(props["line"]), Int(props["col"]), rule));
        }
        return keys;
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}
