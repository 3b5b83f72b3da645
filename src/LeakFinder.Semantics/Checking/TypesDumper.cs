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
    /// <summary>
    /// The dump of every root package of a load (docs/types-dump.md): each headed "# IMPORTPATH DIR" when
    /// there is more than one, external test packages as IMPORTPATH_test.
    /// </summary>
    public static IEnumerable<string> Dump(Loading.LoadResult load, CheckedProgram program)
    {
        var roots = program.Packages.Where(p => p.Loaded.IsRoot).ToList();
        foreach (var (loaded, checkedPkg) in roots)
        {
            if (roots.Count > 1) yield return $"# {loaded.ImportPath}{(loaded.IsXTest && !loaded.ImportPath.EndsWith("_test", StringComparison.Ordinal) ? "_test" : "")} {loaded.Dir}";
            foreach (var line in Lines(checkedPkg, loaded.Files.Select(f => (f.Parse.File, f.Parse.TokenFile)).ToList())) yield return line;
        }
    }

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
