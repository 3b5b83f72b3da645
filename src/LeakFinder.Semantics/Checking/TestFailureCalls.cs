using LeakFinder.Syntax.Ast;

namespace LeakFinder.Semantics.Checking;

/// <summary>
/// Calls that mark the running test failed or skipped: testing's T/B/F/TB Error*, Fail, FailNow, Fatal* and
/// Skip*. What a test does after one of them happens only in a run that already reports a failure.
/// </summary>
public static class TestFailureCalls
{
    public static bool IsFailure(TypeInfo info, CallExpr call) =>
        Calls.Callee(info, call) is { IsMethod: true, Pkg.Path: "testing" } f && f.Name is
            "Error" or "Errorf" or "Fail" or "FailNow" or "Fatal" or "Fatalf" or "Skip" or "Skipf" or "SkipNow";

    /// <summary>Whether a CFG node (a statement or expression, not entering function literals) makes such a call.</summary>
    public static bool Contains(TypeInfo info, Node node)
    {
        return Walker.Any(node, n => n is CallExpr call && IsFailure(info, call), intoLiterals: false);
    }
}
