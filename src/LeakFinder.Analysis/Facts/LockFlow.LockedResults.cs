using LeakFinder.Semantics.Checking;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;

namespace LeakFinder.Analysis.Facts;

/// <summary>The results a function hands out locked (<see cref="LockedResult"/>), read off the final pass's states at
/// its returns.</summary>
internal sealed partial class LockFlow
{
    /// <summary>Whether the function is a declaration with results, the only kind that can return a value locked.</summary>
    private bool ReturnsValues => _function is FuncDecl { Type.Results.List.Count: > 0 } && Declared != null;

    /// <summary>
    /// A result returned with a mutex of its own locked (`s.mu.Lock(); return s, nil`): on every success return the
    /// result is a local variable (not a parameter or package variable: what the caller passed or shares is the
    /// summary's HeldAtExit) reached through a pointer, whose mutex is held there on every path and not unlocked by a
    /// defer. A success return is one whose error result is nil and whose final bool is not false; a failure return,
    /// and a nil result, hand the caller nothing to unlock. Any other success return (a bare one, a fresh or shared
    /// value, a variable not locked there) makes the result no locked one: its caller could not tell which it got.
    /// </summary>
    private void FindLockedResults(List<(ReturnStmt Return, State State)> returns, HashSet<string> deferred, LockSummary summary)
    {
        if (Declared?.Signature is not { Results.Count: > 0 } sig) return;
        var n = sig.Results.Count;
        var last = sig.Results[^1].Type;
        var status = n > 1 && (last is NamedType { Obj.Name: "error", Obj.Pkg: null } || last.Underlying is BasicType { Kind: BasicKind.Bool }) ? n - 1 : -1;
        for (var j = 0; j < n; j++)
        {
            if (j == status || sig.Results[j].Type.Underlying is not PointerType) continue;
            Dictionary<string, HeldLock>? common = null;
            var locked = true;
            foreach (var (ret, st) in returns)
            {
                if (ret.Results.Count != n)
                {
                    locked = false;
                    break;
                }
                if (status >= 0 && Failure(ret.Results[status]) || _info.IsNil(ret.Results[j])) continue;
                if (Expr.Unparen(ret.Results[j]) is not Ident id || _info.ObjectOf(id) is not Var { IsField: false } v || _params.ContainsKey(v) || LockPaths.IsGlobal(v)
                    || v.Pos < _body.Body.Pos().Value || v.Pos >= _body.Body.End().Value)
                {
                    locked = false;
                    break;
                }
                var here = new Dictionary<string, HeldLock>(StringComparer.Ordinal);
                foreach (var h in st.Held.Values)
                    if (ReferenceEquals(h.Path.Root, v) && h.Path is { Fields.Length: > 0, Indexes.Count: 0, Shared: true } && h is { Holder: null, OnEntry: false }
                        && !deferred.Contains(h.Path.Key))
                        here[h.Path.Fields] = h;
                if (common != null)
                    foreach (var key in common.Keys.ToList())
                        if (!here.TryGetValue(key, out var other) || other.Mode != common[key].Mode) common.Remove(key);
                common ??= here;
                if (common.Count == 0)
                {
                    locked = false;
                    break;
                }
            }
            if (!locked || common == null) continue;
            foreach (var (fields, h) in common.OrderBy(c => c.Key, StringComparer.Ordinal))
                summary.LockedResults.Add(new LockedResult(j, fields, h.Mode, h.LockedAt) { Class = h.Path.Class });
        }
    }


    /// <summary>A return's error result not nil, or its bool result the constant false.</summary>
    private bool Failure(Expr status) =>
        _info.TypeOf(status)?.Underlying is BasicType { Kind: BasicKind.Bool or BasicKind.UntypedBool }
            ? _info.Types.TryGetValue(status, out var tv) && tv.Value is { Kind: ConstantKind.Bool } b && !b.Bool
            : !_info.IsNil(status);
}
