using System.Text;
using LeakFinder.Syntax;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Cfg;

/// <summary>
/// Prints a graph in go/cfg's Format layout (".N: # comment", one tab-indented line per node, "succs: a b"),
/// each node as its exact source text rather than go/format's reprint, so the output needs no Go printer and
/// tools/cfgdump can print the identical text from go/cfg (docs/cfg-dump.md).
/// </summary>
public static class CfgFormatter
{
    public static string Format(ControlFlowGraph g, TokenFile file, ReadOnlySpan<byte> src)
    {
        var sb = new StringBuilder();
        foreach (var b in g.Blocks)
        {
            sb.Append('.').Append(b.Index).Append(": # ").Append(b.Comment).Append('\n');
            foreach (var n in b.Nodes)
            {
                sb.Append('\t');
                AppendNodeText(sb, n, g, file, src);
                sb.Append('\n');
            }
            if (b.Succs.Count > 0)
            {
                sb.Append("\tsuccs:");
                foreach (var s in b.Succs) sb.Append(' ').Append(s.Index);
                sb.Append('\n');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static void AppendNodeText(StringBuilder sb, Node n, ControlFlowGraph g, TokenFile file, ReadOnlySpan<byte> src)
    {
        // The implicit return go/cfg adds at the closing brace has no source text of its own.
        if (n is ReturnStmt r && r.Results.IsEmpty && r.Return == g.Body.End() - 1)
        {
            sb.Append("return");
            return;
        }
        var start = file.Offset(n.Pos());
        var end = file.Offset(n.End());
        if (start < 0 || end > src.Length || end < start)
        {
            sb.Append(n.TypeName);
            return;
        }
        var text = Encoding.UTF8.GetString(src[start..end]);
        sb.Append(text.Replace("\n", "\n\t"));
    }
}
