using LeakFinder.Semantics.Types;
using LeakFinder.Syntax;
using Ast = LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

/// <summary>
/// `leakfinder debug types`: one line per identifier the checker defined or used, in the format of
/// docs/types-dump.md ("FILE:LINE:COL NAME KIND TYPE"), which tools/typesdump prints from go/types.
/// </summary>
public static class TypesDumper
{
    public static List<string> Lines(CheckedPackage pkg, IReadOnlyList<(Ast.File File, TokenFile TokenFile)> files)
    {
        var lines = new List<(string File, int Line, int Col, string Text)>();
        void Add(Ast.Ident id, GoObject obj)
        {
            var tf = FileOf(id.NamePos, files);
            if (tf == null) return;
            var p = tf.PositionFor(id.NamePos, adjusted: false);
            var file = Path.GetFileName(tf.Name);
            lines.Add((file, p.Line, p.Column, $"{file}:{p.Line}:{p.Column} {id.Name} {obj.KindName} {TypeText(obj)}"));
        }
        foreach (var (id, obj) in pkg.Info.Defs)
            if (obj != null) Add(id, obj);
        foreach (var (id, obj) in pkg.Info.Uses) Add(id, obj);
        lines.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.File, b.File);
            if (c != 0) return c;
            c = a.Line.CompareTo(b.Line);
            if (c != 0) return c;
            c = a.Col.CompareTo(b.Col);
            return c != 0 ? c : string.CompareOrdinal(a.Text, b.Text);
        });
        return lines.Select(l => l.Text).ToList();
    }

    private static TokenFile? FileOf(Pos pos, IReadOnlyList<(Ast.File File, TokenFile TokenFile)> files)
    {
        foreach (var (_, tf) in files)
            if (tf.Contains(pos)) return tf;
        return null;
    }

    /// <summary>The TYPE column: go/types' TypeString of the object's type, or "-" for objects without one.</summary>
    public static string TypeText(GoObject obj) => obj switch
    {
        PkgName or Label or Builtin => "-",
        _ => TypeFormatter.Format(obj.Type),
    };
}
