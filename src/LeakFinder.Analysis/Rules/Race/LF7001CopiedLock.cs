using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;
using LeakFinder.Semantics.Types;
using LeakFinder.Syntax.Ast;
using MapType = LeakFinder.Semantics.Types.MapType;

namespace LeakFinder.Analysis.Rules.Race;

/// <summary>
/// LF7001 for a lock on a copy: a method with a value receiver (`func (c Counter) Hit()`) locks a mutex of
/// its receiver and writes a map the receiver holds. The receiver is a copy made for the call, mutex included,
/// so every call locks a mutex of its own, while all the copies share the one map: the writes are unguarded.
/// </summary>
public sealed partial class LF7001MapSharedAcrossGoroutines
{
    private static void CheckCopiedLocks(Pass pass)
    {
        foreach (var fn in pass.Functions)
        {
            if (fn.Function is not FuncDecl { Recv: not null, Body: { } body } method || RunLoops.ReceiverOf(pass.Info, method) is not { } recv) continue;
            if (recv.Type is PointerType || recv.Type.Underlying is not Semantics.Types.StructType) continue;
            CallExpr? lockCall = null;
            Walker.Inspect(body, n =>
            {
                if (lockCall == null && n is CallExpr c && LockPaths.OpOf(pass.Info, c) is { Acquires: true } op && ReferenceEquals(op.Mutex.Root, recv) && !op.Mutex.Shared) lockCall = c;
                return lockCall == null;
            });
            if (lockCall == null) continue;
            foreach (var (map, at) in MapWriteTargets(pass, body))
                if (FieldPath.Of(pass, map) is { } path && ReferenceEquals(path.Root, recv) && !path.IsVariable && pass.Info.TypeOf(map)?.Underlying is MapType)
                {
                    pass.Report(at, $"{method.Name.Name} has a value receiver, so {recv.Name} is a copy made for each call, its mutex included: the lock at line {pass.Line(lockCall)} guards that copy only, while every copy shares the map {path.Text}, whose writes are therefore unguarded (\"concurrent map writes\"); give {method.Name.Name} a pointer receiver (*{RunLoops.OwnerOf(recv)})",
                        new RelatedLocation(pass.Span(lockCall), "the copy's mutex is locked here"));
                    break;
                }
        }
    }
}
