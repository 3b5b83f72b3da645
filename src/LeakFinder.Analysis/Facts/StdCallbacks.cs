namespace LeakFinder.Analysis.Facts;

/// <summary>
/// Functions of the standard library that call a function argument before they return, on the caller's
/// goroutine: whatever the caller holds, the callback runs with it held (a less function that locks the table
/// sort.Slice is sorting under that lock waits for itself). Functions that keep the callback for later
/// (http.HandleFunc, time.AfterFunc, runtime.SetFinalizer) are not here.
/// </summary>
internal static class StdCallbacks
{
    private static readonly Dictionary<string, int> InPlace = new(StringComparer.Ordinal)
    {
        ["sort.Slice"] = 1, ["sort.SliceStable"] = 1, ["sort.SliceIsSorted"] = 1, ["sort.Search"] = 1, ["sort.Find"] = 1,
        ["(*sync.Map).Range"] = 0,
        ["strings.Map"] = 0, ["strings.IndexFunc"] = 1, ["strings.LastIndexFunc"] = 1, ["strings.FieldsFunc"] = 1,
        ["strings.TrimFunc"] = 1, ["strings.TrimLeftFunc"] = 1, ["strings.TrimRightFunc"] = 1,
        ["bytes.Map"] = 0, ["bytes.IndexFunc"] = 1, ["bytes.LastIndexFunc"] = 1, ["bytes.FieldsFunc"] = 1,
        ["bytes.TrimFunc"] = 1, ["bytes.TrimLeftFunc"] = 1, ["bytes.TrimRightFunc"] = 1,
        ["path/filepath.Walk"] = 1, ["path/filepath.WalkDir"] = 1, ["io/fs.WalkDir"] = 2,
        ["go/ast.Inspect"] = 1,
        ["(*regexp.Regexp).ReplaceAllStringFunc"] = 1, ["(*regexp.Regexp).ReplaceAllFunc"] = 1,
    };

    /// <summary>Functions that call methods of an argument through an interface before they return (container/heap's
    /// through heap.Interface, sort's through sort.Interface, encoding/json's through json.Marshaler, fmt's and io's
    /// through io.Writer): the argument's index and the methods they may call.</summary>
    private static readonly Dictionary<string, (int Arg, string[] Methods)> MethodsOfArgument = new(StringComparer.Ordinal)
    {
        ["container/heap.Init"] = (0, ["Len", "Less", "Swap"]),
        ["container/heap.Push"] = (0, ["Push", "Len", "Less", "Swap"]),
        ["container/heap.Pop"] = (0, ["Len", "Swap", "Less", "Pop"]),
        ["container/heap.Remove"] = (0, ["Len", "Swap", "Less", "Pop"]),
        ["container/heap.Fix"] = (0, ["Len", "Less", "Swap"]),
        ["sort.Sort"] = (0, ["Len", "Less", "Swap"]),
        ["sort.Stable"] = (0, ["Len", "Less", "Swap"]),
        ["sort.IsSorted"] = (0, ["Len", "Less"]),
        // encoding/json asks a value that marshals itself to do so (and a TextMarshaler for its text).
        ["encoding/json.Marshal"] = (0, ["MarshalJSON", "MarshalText"]),
        ["encoding/json.MarshalIndent"] = (0, ["MarshalJSON", "MarshalText"]),
        ["(*encoding/json.Encoder).Encode"] = (0, ["MarshalJSON", "MarshalText"]),
        // Writing to a writer calls its Write.
        ["fmt.Fprint"] = (0, ["Write"]), ["fmt.Fprintf"] = (0, ["Write"]), ["fmt.Fprintln"] = (0, ["Write"]),
        ["io.WriteString"] = (0, ["WriteString", "Write"]),
        ["io.Copy"] = (0, ["ReadFrom", "Write"]), ["io.CopyN"] = (0, ["ReadFrom", "Write"]), ["io.CopyBuffer"] = (0, ["ReadFrom", "Write"]),
        // errors.Is and errors.As ask each error of the chain whether it matches (and how it unwraps), starting with the first.
        ["errors.Is"] = (0, ["Is", "Unwrap"]), ["errors.As"] = (0, ["As", "Unwrap"]),
    };

    /// <summary>Template executions and the index of their data argument: the template calls the methods its text
    /// names on the data (`{{.Title}}` calls Title), by reflection (<see cref="TemplateTexts"/>).</summary>
    private static readonly Dictionary<string, int> TemplateExecutions = new(StringComparer.Ordinal)
    {
        ["(*text/template.Template).Execute"] = 1, ["(*html/template.Template).Execute"] = 1,
    };

    /// <summary>Whether a function of this name may be one of those (a cheap test before the callee is looked up).</summary>
    public static bool MayCallMethods(string name) => name is "Init" or "Push" or "Pop" or "Remove" or "Fix" or "Sort" or "Stable" or "IsSorted"
        or "Marshal" or "MarshalIndent" or "Encode" or "Fprint" or "Fprintf" or "Fprintln" or "WriteString" or "Copy" or "CopyN" or "CopyBuffer"
        or "Is" or "As" or "Execute";

    /// <summary>The argument whose methods the function calls, and their names; null for any other function.</summary>
    public static (int Arg, string[] Methods)? MethodsCalled(string fullName) => MethodsOfArgument.TryGetValue(fullName, out var m) ? m : null;

    /// <summary>The index of the data argument of a template's Execute, or null for any other function.</summary>
    public static int? TemplateData(string fullName) => TemplateExecutions.TryGetValue(fullName, out var i) ? i : null;

    /// <summary>Whether the std function writes into its first argument, calling its Write (fmt.Fprint*, io.WriteString,
    /// io.Copy and its variants).</summary>
    public static bool WritesToFirst(string? fullName) =>
        fullName != null && MethodsOfArgument.TryGetValue(fullName, out var m) && m.Arg == 0 && m.Methods.Contains("Write");

    /// <summary>The index of the argument the function calls in place, or null.</summary>
    public static int? ArgumentCalledInPlace(string fullName) => InPlace.TryGetValue(fullName, out var i) ? i : null;
}
