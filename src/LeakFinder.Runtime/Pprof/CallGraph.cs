namespace LeakFinder.Runtime.Pprof;

/// <summary>How finely a report groups frames: by function (pprof's default) or by source line (`-lines`).</summary>
public enum Granularity
{
    Functions,
    Lines,
}

/// <summary>
/// What a report node stands for, pprof's NodeInfo after aggregation: a function name, plus file and line
/// at line granularity; unsymbolised frames fall back to the binary's name.
/// </summary>
public readonly record struct NodeKey(string Name, string File, long Line, string Objfile, long StartLine)
{
    /// <summary>pprof's PrintableName: `main.leak`, `main.leak /src/main.go:42`, `[binary]` or `&lt;unknown&gt;`.</summary>
    public string PrintableName
    {
        get
        {
            if (Line != 0) return Name != "" ? $"{Name} {File}:{Line}" : $"{File}:{Line}";
            if (File != "") return Name != "" ? $"{Name} {File}" : File;
            if (Name != "") return Name;
            if (Objfile != "") return "[" + Path.GetFileName(Objfile) + "]";
            return "<unknown>";
        }
    }
}

/// <summary>A node of the call graph: its flat (leaf) and cumulative (anywhere on the stack) value.</summary>
public sealed class GraphNode(NodeKey key)
{
    public NodeKey Key { get; } = key;
    public long Flat { get; internal set; }
    public long Cum { get; internal set; }

    // Callers, and whether every call from that caller was inlined into it (pprof labels such nodes
    // "(inline)", or "(partial-inline)" when some calls were and some were not).
    internal Dictionary<GraphNode, bool> In { get; } = [];
    internal int SeenInSample = -1;

    public string InlineLabel
    {
        get
        {
            bool inline = false, notInline = false;
            foreach (var isInline in In.Values)
                if (isInline) inline = true;
                else notInline = true;
            return inline ? (notInline ? "(partial-inline)" : "(inline)") : "";
        }
    }
}

/// <summary>
/// The call graph of one sample type, built exactly as pprof's graph.newGraph builds it, so flat, cum and
/// the inline labels agree with `go tool pprof`: every line of a location is a node (inlined frames are
/// nodes of their own); cum counts a sample once per node however often the node recurs in its stack;
/// flat goes to the leaf only if the leaf is kept. When <c>kept</c> is given, other nodes are left out and
/// edges jump over them, as when pprof trims a graph to its top nodes.
/// </summary>
public static class CallGraph
{
    public static List<GraphNode> Build(PprofProfile profile, int sampleIndex, Granularity granularity, HashSet<NodeKey>? kept = null)
    {
        var nodes = new Dictionary<NodeKey, GraphNode>();
        var locationNodes = new Dictionary<PprofLocation, GraphNode?[]>();
        var seenEdges = new HashSet<(GraphNode, GraphNode)>();
        var ordered = new List<GraphNode>();

        for (var s = 0; s < profile.Samples.Count; s++)
        {
            var sample = profile.Samples[s];
            var weight = sample.Values[sampleIndex];
            if (weight == 0) continue;
            seenEdges.Clear();
            GraphNode? parent = null;
            var residual = false;
            for (var i = sample.Locations.Length - 1; i >= 0; i--)
            {
                var location = sample.Locations[i];
                if (!locationNodes.TryGetValue(location, out var lineNodes))
                {
                    lineNodes = NodesOf(location, granularity, nodes, ordered, kept);
                    locationNodes.Add(location, lineNodes);
                }
                for (var ni = lineNodes.Length - 1; ni >= 0; ni--)
                {
                    var node = lineNodes[ni];
                    if (node is null) { residual = true; continue; }
                    if (node.SeenInSample != s)
                    {
                        node.SeenInSample = s;
                        node.Cum += weight;
                    }
                    if (parent != null && node != parent && seenEdges.Add((node, parent)))
                    {
                        var inline = ni != lineNodes.Length - 1;
                        node.In[parent] = node.In.TryGetValue(parent, out var wasInline) ? wasInline && inline : inline;
                    }
                    parent = node;
                    residual = false;
                }
            }
            if (parent != null && !residual) parent.Flat += weight;
        }

        ordered.RemoveAll(n => n.Cum == 0 && n.Flat == 0);
        return ordered;
    }

    private static GraphNode?[] NodesOf(PprofLocation location, Granularity granularity, Dictionary<NodeKey, GraphNode> nodes,
        List<GraphNode> ordered, HashSet<NodeKey>? kept)
    {
        var objfile = location.Mapping?.File ?? "";
        var count = Math.Max(1, location.Lines.Length);
        var result = new GraphNode?[count];
        for (var i = 0; i < count; i++)
        {
            var line = i < location.Lines.Length ? location.Lines[i] : default;
            var key = KeyOf(line, objfile, granularity);
            if (kept != null && !kept.Contains(key)) continue;
            if (!nodes.TryGetValue(key, out var node))
            {
                node = new GraphNode(key);
                nodes.Add(key, node);
                ordered.Add(node);
            }
            result[i] = node;
        }
        return result;
    }

    /// <summary>pprof's nodeInfo after Aggregate (addresses dropped; files and lines kept only at line granularity).</summary>
    public static NodeKey KeyOf(PprofLine line, string objfile, Granularity granularity)
    {
        if (line.Function is not { } f) return new NodeKey("", "", 0, objfile, 0);
        var byLine = granularity == Granularity.Lines;
        var file = byLine && f.File != "" ? CleanPath(f.File) : "";
        var lineNumber = byLine ? line.Line : 0;
        return f.Name == "" ? new NodeKey("", file, lineNumber, objfile, f.StartLine) : new NodeKey(f.Name, file, lineNumber, "", 0);
    }

    // Go's filepath.Clean for the slash-separated paths profiles carry: collapse "//", "/./" and "dir/..".
    private static string CleanPath(string path)
    {
        if (!path.Contains("//") && !path.Contains("/.") && !path.StartsWith("./") && !path.EndsWith('/')) return path;
        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") { parts.RemoveAt(parts.Count - 1); continue; }
            if (part == ".." && rooted) continue;
            parts.Add(part);
        }
        var cleaned = string.Join('/', parts);
        return rooted ? "/" + cleaned : cleaned == "" ? "." : cleaned;
    }
}
