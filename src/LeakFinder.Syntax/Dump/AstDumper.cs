using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using LeakFinder.Syntax.Ast;
using AstFile = LeakFinder.Syntax.Ast.File;

namespace LeakFinder.Syntax.Dump;

/// <summary>
/// Prints the canonical AST dump of docs/ast-dump.md: byte-identical to tools/astdump's dump of the same
/// file through go/parser, which the differential test checks on all of Go's own source.
/// <see cref="Fields"/> lists every node type's go/ast fields in go/ast's order, in one place; the same
/// walk either prints or (for the schema test) only records the field names and kinds.
/// </summary>
public sealed class AstDumper
{
    private readonly DumpWriter? _w;
    private readonly List<(string Name, string Kind)>? _schema;
    private int _depth; // depth of the node whose fields are being printed
    private bool _inline; // printing a leaf node's fields on its own line

    private AstDumper(DumpWriter w) => _w = w;

    private AstDumper(List<(string, string)> schema) => _schema = schema;

    /// <summary>The dump of file as a string (for `leakfinder debug ast`).</summary>
    public static string Dump(FileSet fset, AstFile file) => Dump(FileOf(fset, file), file);

    /// <summary>The dump of file, whose positions are resolved in tokenFile.</summary>
    public static string Dump(TokenFile? tokenFile, AstFile file)
    {
        using var memory = new MemoryStream();
        Dump(tokenFile, file, memory);
        return System.Text.Encoding.UTF8.GetString(memory.GetBuffer(), 0, (int)memory.Length);
    }

    /// <summary>Streams the dump of file to output as UTF-8 (it is about 12 bytes per source byte, more when deeply nested).</summary>
    public static void Dump(TokenFile? tokenFile, AstFile file, Stream output) => Write(tokenFile, file, new StreamSink(output));

    /// <summary>Lowercase hex SHA-256 of the dump, as `tools/astdump -hash` prints it.</summary>
    public static string Sha256(TokenFile? tokenFile, AstFile file)
    {
        using var hash = new Sha256Sink();
        Write(tokenFile, file, hash);
        return hash.HexDigest();
    }

    /// <summary>The file of fset that holds file's positions (null for a tree without any).</summary>
    public static TokenFile? FileOf(FileSet fset, AstFile file) =>
        fset.File(file.FileStart) ?? fset.File(file.Package) ?? fset.File(file.Pos());

    // go/ast trees are as deep as the source nests, and Pos()/End() recurse down left operands: the
    // 6,845-term string concatenation in time/tzdata/zipdata.go overflows a thread-pool thread's stack.
    // A dump is long enough (about 12 bytes per source byte) that its own thread costs little.
    private const int DumpStackBytes = 512 * 1024 * 1024;

    private static void Write(TokenFile? tokenFile, AstFile file, IDumpSink sink)
    {
        using var w = new DumpWriter(tokenFile, sink);
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                new AstDumper(w).Node(0, null, file);
                w.Flush();
            }
            catch (Exception e) { failure = e; }
        }, DumpStackBytes);
        thread.Start();
        thread.Join();
        if (failure != null) throw new InvalidOperationException("AST dump failed: " + failure.Message, failure);
    }

    /// <summary>
    /// The printed fields of a node type as (name, kind) pairs, kind being tools/astdump -schema's
    /// pos|token|chandir|string|bool|node|list|reflist. Reads the fields of an uninitialized instance.
    /// </summary>
    public static IReadOnlyList<(string Name, string Kind)> Schema(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors)] Type nodeType)
    {
        var fields = new List<(string, string)>();
        var node = (Node)RuntimeHelpers.GetUninitializedObject(nodeType);
        new AstDumper(fields).Fields(node);
        return fields;
    }

    /// <summary>Node types whose fields are all scalars print them on the node's own line.</summary>
    public static bool IsLeaf(Node n) => n is Ident or BasicLit or Comment or EmptyStmt or BadExpr or BadStmt or BadDecl;

    private void Node(int depth, string? label, Node n)
    {
        var w = _w!;
        w.Indent(depth);
        if (label == null)
        {
            if (depth > 0) w.Ascii("- ");
        }
        else
        {
            w.Ascii(label);
            w.Ascii(": ");
        }
        w.Ascii(n.TypeName);
        w.Byte((byte)' ');
        w.Range(n.Pos(), n.End());
        var (savedDepth, savedInline) = (_depth, _inline);
        _depth = depth;
        _inline = IsLeaf(n);
        if (!_inline) w.NewLine();
        Fields(n);
        if (_inline) w.NewLine();
        (_depth, _inline) = (savedDepth, savedInline);
    }

    // Field printers. In schema mode they only record; otherwise a leaf's fields go on its own line as
    // " Name=value" and other nodes' fields on lines of their own one level deeper.

    private bool Scalar(string name, string kind)
    {
        if (_schema != null)
        {
            _schema.Add((name, kind));
            return false;
        }
        var w = _w!;
        if (_inline)
        {
            w.Byte((byte)' ');
            w.Ascii(name);
            w.Byte((byte)'=');
        }
        else
        {
            w.Indent(_depth + 1);
            w.Ascii(name);
            w.Ascii(": ");
        }
        return true;
    }

    private void EndScalar()
    {
        if (!_inline) _w!.NewLine();
    }

    private void P(string name, Pos p)
    {
        if (!Scalar(name, "pos")) return;
        _w!.Pos(p);
        EndScalar();
    }

    private void T(string name, Token t)
    {
        if (!Scalar(name, "token")) return;
        _w!.Ascii(t.ToGoString());
        EndScalar();
    }

    private void S(string name, string s)
    {
        if (!Scalar(name, "string")) return;
        _w!.Quoted(s ?? "");
        EndScalar();
    }

    private void B(string name, bool b)
    {
        if (!Scalar(name, "bool")) return;
        _w!.Ascii(b ? "true" : "false");
        EndScalar();
    }

    private void D(string name, ChanDir dir)
    {
        if (!Scalar(name, "chandir")) return;
        _w!.Ascii(dir switch
        {
            ChanDir.Send => "SEND",
            ChanDir.Recv => "RECV",
            ChanDir.Send | ChanDir.Recv => "SEND|RECV",
            _ => ((int)dir).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        EndScalar();
    }

    private void N(string name, Node? n)
    {
        if (_schema != null)
        {
            _schema.Add((name, "node"));
            return;
        }
        if (n != null)
        {
            Node(_depth + 1, name, n);
            return;
        }
        var w = _w!;
        w.Indent(_depth + 1);
        w.Ascii(name);
        w.Ascii(": nil\n");
    }

    private void ListHeader(string name, int count)
    {
        var w = _w!;
        w.Indent(_depth + 1);
        w.Ascii(name);
        w.Ascii(": [");
        w.Int(count);
        w.Ascii("]\n");
    }

    private void L<T>(string name, NodeList<T> list) where T : Node
    {
        if (_schema != null)
        {
            _schema.Add((name, "list"));
            return;
        }
        ListHeader(name, list.Count);
        var w = _w!;
        foreach (var n in list)
        {
            if (n != null)
            {
                Node(_depth + 2, null, n);
                continue;
            }
            w.Indent(_depth + 2);
            w.Ascii("- nil\n");
        }
    }

    /// <summary>A list of nodes printed elsewhere in the tree (File.Imports): type and range only.</summary>
    private void R<T>(string name, NodeList<T> list) where T : Node
    {
        if (_schema != null)
        {
            _schema.Add((name, "reflist"));
            return;
        }
        ListHeader(name, list.Count);
        var w = _w!;
        foreach (var n in list)
        {
            w.Indent(_depth + 2);
            w.Ascii("- ref ");
            w.Ascii(n.TypeName);
            w.Byte((byte)' ');
            w.Range(n.Pos(), n.End());
            w.NewLine();
        }
    }

    /// <summary>Every node type's go/ast fields (Go 1.19), in go/ast's declaration order.</summary>
    private void Fields(Node node)
    {
        switch (node)
        {
            // Most frequent first: a type switch on sealed classes tests them in order.
            case Ident n: P("NamePos", n.NamePos); S("Name", n.Name); break;
            case SelectorExpr n: N("X", n.X); N("Sel", n.Sel); break;
            case CallExpr n: N("Fun", n.Fun); P("Lparen", n.Lparen); L("Args", n.Args); P("Ellipsis", n.Ellipsis); P("Rparen", n.Rparen); break;
            case BasicLit n: P("ValuePos", n.ValuePos); T("Kind", n.Kind); S("Value", n.Value); break;
            case ExprStmt n: N("X", n.X); break;
            case AssignStmt n: L("Lhs", n.Lhs); P("TokPos", n.TokPos); T("Tok", n.Tok); L("Rhs", n.Rhs); break;
            case BinaryExpr n: N("X", n.X); P("OpPos", n.OpPos); T("Op", n.Op); N("Y", n.Y); break;
            case Field n: N("Doc", n.Doc); L("Names", n.Names); N("Type", n.Type); N("Tag", n.Tag); N("Comment", n.Comment); break;
            case FieldList n: P("Opening", n.Opening); L("List", n.List); P("Closing", n.Closing); break;
            case Comment n: P("Slash", n.Slash); S("Text", n.Text); break;
            case CommentGroup n: L("List", n.List); break;
            case BlockStmt n: P("Lbrace", n.Lbrace); L("List", n.List); P("Rbrace", n.Rbrace); break;
            case StarExpr n: P("Star", n.Star); N("X", n.X); break;
            case UnaryExpr n: P("OpPos", n.OpPos); T("Op", n.Op); N("X", n.X); break;
            case IfStmt n: P("If", n.If); N("Init", n.Init); N("Cond", n.Cond); N("Body", n.Body); N("Else", n.Else); break;
            case ReturnStmt n: P("Return", n.Return); L("Results", n.Results); break;
            case KeyValueExpr n: N("Key", n.Key); P("Colon", n.Colon); N("Value", n.Value); break;
            case CompositeLit n: N("Type", n.Type); P("Lbrace", n.Lbrace); L("Elts", n.Elts); P("Rbrace", n.Rbrace); B("Incomplete", n.Incomplete); break;
            case IndexExpr n: N("X", n.X); P("Lbrack", n.Lbrack); N("Index", n.Index); P("Rbrack", n.Rbrack); break;
            case FuncType n: P("Func", n.Func); N("TypeParams", n.TypeParams); N("Params", n.Params); N("Results", n.Results); break;
            case ValueSpec n: N("Doc", n.Doc); L("Names", n.Names); N("Type", n.Type); L("Values", n.Values); N("Comment", n.Comment); break;
            case GenDecl n: N("Doc", n.Doc); P("TokPos", n.TokPos); T("Tok", n.Tok); P("Lparen", n.Lparen); L("Specs", n.Specs); P("Rparen", n.Rparen); break;
            case FuncDecl n: N("Doc", n.Doc); N("Recv", n.Recv); N("Name", n.Name); N("Type", n.Type); N("Body", n.Body); break;
            case CaseClause n: P("Case", n.Case); L("List", n.List); P("Colon", n.Colon); L("Body", n.Body); break;
            case ArrayType n: P("Lbrack", n.Lbrack); N("Len", n.Len); N("Elt", n.Elt); break;
            case SliceExpr n: N("X", n.X); P("Lbrack", n.Lbrack); N("Low", n.Low); N("High", n.High); N("Max", n.Max); B("Slice3", n.Slice3); P("Rbrack", n.Rbrack); break;
            case ParenExpr n: P("Lparen", n.Lparen); N("X", n.X); P("Rparen", n.Rparen); break;
            case IncDecStmt n: N("X", n.X); P("TokPos", n.TokPos); T("Tok", n.Tok); break;
            case TypeAssertExpr n: N("X", n.X); P("Lparen", n.Lparen); N("Type", n.Type); P("Rparen", n.Rparen); break;
            case FuncLit n: N("Type", n.Type); N("Body", n.Body); break;
            case DeclStmt n: N("Decl", n.Decl); break;
            case ForStmt n: P("For", n.For); N("Init", n.Init); N("Cond", n.Cond); N("Post", n.Post); N("Body", n.Body); break;
            case RangeStmt n: P("For", n.For); N("Key", n.Key); N("Value", n.Value); P("TokPos", n.TokPos); T("Tok", n.Tok); N("X", n.X); N("Body", n.Body); break;
            case BranchStmt n: P("TokPos", n.TokPos); T("Tok", n.Tok); N("Label", n.Label); break;
            case MapType n: P("Map", n.Map); N("Key", n.Key); N("Value", n.Value); break;
            case TypeSpec n: N("Doc", n.Doc); N("Name", n.Name); N("TypeParams", n.TypeParams); P("Assign", n.Assign); N("Type", n.Type); N("Comment", n.Comment); break;
            case ImportSpec n: N("Doc", n.Doc); N("Name", n.Name); N("Path", n.Path); N("Comment", n.Comment); P("EndPos", n.EndPos); break;
            case StructType n: P("Struct", n.Struct); N("Fields", n.Fields); B("Incomplete", n.Incomplete); break;
            case InterfaceType n: P("Interface", n.Interface); N("Methods", n.Methods); B("Incomplete", n.Incomplete); break;
            case ChanType n: P("Begin", n.Begin); P("Arrow", n.Arrow); D("Dir", n.Dir); N("Value", n.Value); break;
            case Ellipsis n: P("Ellipsis", n.EllipsisPos); N("Elt", n.Elt); break;
            case IndexListExpr n: N("X", n.X); P("Lbrack", n.Lbrack); L("Indices", n.Indices); P("Rbrack", n.Rbrack); break;
            case SwitchStmt n: P("Switch", n.Switch); N("Init", n.Init); N("Tag", n.Tag); N("Body", n.Body); break;
            case TypeSwitchStmt n: P("Switch", n.Switch); N("Init", n.Init); N("Assign", n.Assign); N("Body", n.Body); break;
            case DeferStmt n: P("Defer", n.Defer); N("Call", n.Call); break;
            case GoStmt n: P("Go", n.Go); N("Call", n.Call); break;
            case SendStmt n: N("Chan", n.Chan); P("Arrow", n.Arrow); N("Value", n.Value); break;
            case SelectStmt n: P("Select", n.Select); N("Body", n.Body); break;
            case CommClause n: P("Case", n.Case); N("Comm", n.Comm); P("Colon", n.Colon); L("Body", n.Body); break;
            case LabeledStmt n: N("Label", n.Label); P("Colon", n.Colon); N("Stmt", n.Stmt); break;
            case EmptyStmt n: P("Semicolon", n.Semicolon); B("Implicit", n.Implicit); break;
            case BadExpr n: P("From", n.From); P("To", n.To); break;
            case BadStmt n: P("From", n.From); P("To", n.To); break;
            case BadDecl n: P("From", n.From); P("To", n.To); break;
            case AstFile n: N("Doc", n.Doc); P("Package", n.Package); N("Name", n.Name); L("Decls", n.Decls); R("Imports", n.Imports); L("Comments", n.Comments); break;
            default: throw new InvalidOperationException("AstDumper: no field list for node type " + node.GetType().Name);
        }
    }
}
