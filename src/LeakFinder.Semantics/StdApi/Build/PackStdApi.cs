// MSBuild inline task (RoslynCodeTaskFactory), run at build time, not compiled into the assembly.
// It turns Go's API records (third_party/goapi/go1*.txt) into one gzipped resource grouped by package,
// where each element carries the first Go version that listed it. Grouping lets the model parse only the
// packages a program imports; the version lets rules ask "which Go version added X".
using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class PackStdApi : Task
{
    [Required] public ITaskItem[] Records { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string Output { get; set; } = "";

    public override bool Execute()
    {
        // (package, context, element) -> first minor version that listed it.
        var first = new Dictionary<(string Pkg, string Ctx, string Elem), int>();
        var files = new List<(int Minor, string Path)>();
        foreach (var item in Records)
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(item.ItemSpec); // go1 or go1.N
            if (!name.StartsWith("go1", StringComparison.Ordinal)) continue;
            var minor = name == "go1" ? 0 : int.Parse(name.Substring(4));
            files.Add((minor, item.ItemSpec));
        }
        files.Sort((a, b) => a.Minor.CompareTo(b.Minor));
        foreach (var (minor, path) in files)
        {
            foreach (var raw in File.ReadLines(path))
            {
                if (!raw.StartsWith("pkg ", StringComparison.Ordinal)) continue;
                var line = raw;
                var hash = line.LastIndexOf(" #", StringComparison.Ordinal);
                if (hash > 0 && IsDigits(line, hash + 2)) line = line.Substring(0, hash);
                var comma = line.IndexOf(", ", StringComparison.Ordinal);
                if (comma < 0) { Log.LogError($"{path}: malformed API record: {raw}"); return false; }
                var head = line.Substring(4, comma - 4);
                var ctx = "";
                var paren = head.IndexOf(" (", StringComparison.Ordinal);
                if (paren >= 0) { ctx = head.Substring(paren + 2, head.Length - paren - 3); head = head.Substring(0, paren); }
                var key = (head, ctx, line.Substring(comma + 2));
                if (!first.ContainsKey(key)) first[key] = minor;
            }
        }
        var byPkg = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var kv in first)
        {
            if (!byPkg.TryGetValue(kv.Key.Pkg, out var list)) byPkg[kv.Key.Pkg] = list = new List<string>();
            list.Add(kv.Value + "\t" + kv.Key.Ctx + "\t" + kv.Key.Elem);
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Output)!);
        using var file = File.Create(Output);
        using var gz = new GZipStream(file, CompressionLevel.Optimal);
        using var w = new StreamWriter(gz, new UTF8Encoding(false));
        foreach (var kv in byPkg)
        {
            kv.Value.Sort(StringComparer.Ordinal);
            w.Write('@'); w.Write(kv.Key); w.Write('\n');
            foreach (var l in kv.Value) { w.Write(l); w.Write('\n'); }
        }
        return true;
    }

    private static bool IsDigits(string s, int from)
    {
        if (from >= s.Length) return false;
        for (var i = from; i < s.Length; i++) if (s[i] < '0' || s[i] > '9') return false;
        return true;
    }
}
