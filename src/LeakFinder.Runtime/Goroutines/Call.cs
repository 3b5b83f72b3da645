namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// One frame of a goroutine's stack as the runtime printed it: <c>pkg.(*T).Method(0x1, ...)</c> then
/// <c>\t/path/file.go:42 +0x1f</c>. Args is the raw argument text (null when not kept); it never takes part
/// in bucketing, because the same leak parks goroutines with different argument values.
/// </summary>
public sealed record Call(string Function, string File, int Line, string? Args = null, long Offset = -1)
{
    /// <summary>Import path of the function's package: everything before the first '.' after the last '/'.</summary>
    public string Package => GoNames.PackageOf(Function);

    public override string ToString() => $"{Function} {File}:{Line}";
}
