using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>
/// The methods fmt calls on the values it formats: `log.Printf("peer %v", p)` calls p.Error() or p.String()
/// when *Peer has one, so a String that locks p.mu, printed while p.mu is held, locks it again. Only methods
/// of the package on pointer receivers count (a value receiver formats a copy, with a mutex of its own), for
/// the print functions of fmt, log and testing and the verbs that use them (%v, %s, %q, %x, %X; every operand
/// of Print and Println). A format string we cannot read (not a constant, `*` widths, explicit argument
/// indexes) calls nothing we follow.
/// </summary>
internal static class FormattedValues
{
    public static List<(Func Method, Expr Value)>? Methods(TypeInfo info, CallExpr call, IReadOnlySet<Func> packageFunctions)
    {
        if (call.Args.Count == 0 || Calls.Callee(info, call) is not { Pkg: { } pkg } callee) return null;
        if (pkg.Path is not ("fmt" or "log" or "testing")) return null;
        var name = callee.Name;
        var formatted = name.EndsWith('f');
        if (!IsPrint(pkg.Path, name)) return null;
        // fmt.Fprint*(w, ...) and fmt.Append*(b, ...) take a destination first.
        var first = pkg.Path == "fmt" && (name.StartsWith("Fprint", StringComparison.Ordinal) || name.StartsWith("Append", StringComparison.Ordinal)) ? 1 : 0;
        List<(Func, Expr)>? found = null;
        void Add(Expr value)
        {
            if (info.TypeOf(value)?.Underlying is not PointerType { Elem: NamedType named }) return;
            var method = named.LookupMethod("Error") is { } e && IsStringer(e) ? e : named.LookupMethod("String") is { } st && IsStringer(st) ? st : null;
            if (method != null && packageFunctions.Contains(method) && method.Signature?.Recv?.Type.Underlying is PointerType) (found ??= []).Add((method, value));
        }
        if (!formatted)
        {
            for (var i = first; i < call.Args.Count; i++) Add(call.Args[i]);
            return found;
        }
        if (call.Args.Count <= first || !info.Types.TryGetValue(call.Args[first], out var tv) || tv.Value is not { Kind: ConstantKind.String } format) return null;
        var verbs = Verbs(format.String);
        if (verbs == null) return null;
        for (var i = 0; i < verbs.Count && first + 1 + i < call.Args.Count; i++)
            if (verbs[i] is 'v' or 's' or 'q' or 'x' or 'X') Add(call.Args[first + 1 + i]);
        return found;
    }

    /// <summary>The print function as a message names it: `log.Printf`, or `Printf` for a method (a Logger's).</summary>
    public static string Printer(TypeInfo info, CallExpr call) =>
        Calls.Callee(info, call) is { } f ? f.IsMethod ? f.Name : f.Pkg!.Name + "." + f.Name : "fmt";

    /// <summary>A formatted operand as the message names it: a variable or field path, else "the value".</summary>
    public static string Text(Expr value) => ExprText.Path(value) ?? "the value";

    private static bool IsPrint(string pkg, string name) => pkg switch
    {
        "fmt" => name is "Print" or "Println" or "Printf" or "Sprint" or "Sprintln" or "Sprintf" or "Fprint" or "Fprintln" or "Fprintf"
            or "Errorf" or "Append" or "Appendln" or "Appendf",
        "log" => name is "Print" or "Println" or "Printf" or "Fatal" or "Fatalln" or "Fatalf" or "Panic" or "Panicln" or "Panicf",
        _ => name is "Log" or "Logf" or "Error" or "Errorf" or "Fatal" or "Fatalf" or "Skip" or "Skipf",
    };

    private static bool IsStringer(Func m) =>
        m.Signature is { Params.Count: 0, Results: [{ Type: BasicType { Kind: BasicKind.String } }] };

    /// <summary>The verb of each operand in order ('#' for %#v, which calls GoString instead), or null when the
    /// format uses `*` or explicit argument indexes.</summary>
    private static List<char>? Verbs(string format)
    {
        var verbs = new List<char>();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%') continue;
            i++;
            var sharp = false;
            while (i < format.Length && "+-# 0".Contains(format[i])) sharp |= format[i++] == '#';
            while (i < format.Length && (char.IsDigit(format[i]) || format[i] == '.')) i++;
            if (i >= format.Length) break;
            if (format[i] is '*' or '[') return null;
            if (format[i] == '%') continue;
            verbs.Add(sharp ? '#' : format[i]);
        }
        return verbs;
    }
}
