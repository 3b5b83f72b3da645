using LeakFinder.Analysis.Engine;
using LeakFinder.Analysis.Facts;

namespace LeakFinder.Analysis.Rules.Sync;

/// <summary>
/// LF5005: a goroutine holds a mutex while it waits for other goroutines (wg.Wait, a send on an unbuffered
/// channel) that must take that same mutex before they can let it go on: they wait for the lock, it waits
/// for them. Docs: docs/rules/LF5005.md.
/// </summary>
public sealed class LF5005LockHeldWhileWaiting : Rule
{
    public override RuleDescriptor Descriptor { get; } = new("LF5005", "lock-held-while-waiting", RuleCategory.Deadlock, Severity.Error,
        "A mutex is held across a wait that only goroutines needing that mutex can end")
    {
        Since = "0.3",
        Summary = "`wg.Wait()`, `cond.Wait()`, a receive, a send on a channel (unbuffered, or buffered and full), or a select of such cases, while holding a mutex that every goroutine able to end the wait must take; `http.Server.Shutdown` with a never-done context while holding a mutex a handler of that server takes",
    };

    public override IReadOnlyList<PackageAnalysis> Requires { get; } = [LockEffects.Analysis, NeverDoneContexts.Analysis, FunctionLookup.Analysis];

    public override void Run(Pass pass)
    {
        var effects = pass.ResultOf(LockEffects.Analysis);
        foreach (var w in effects.Waits)
        {
            var b = w.Blocking;
            // A literal (the goroutine a Start runs) is named by where it is.
            var unblocker = pass.FunctionName(w.UnblockerFunction, w.Unblocker);
            var waiter = pass.FunctionName(b.FunctionNode, b.Function);
            var m = w.Held.Path.Text;
            var others = w.Unblockers > 1 ? $" (and {w.Unblockers - 1} other function{(w.Unblockers > 2 ? "s" : "")} that could, which lock it too)" : "";
            var held = $"while holding {m} (locked at line {pass.Line(w.Held.LockedAt)})";
            var needs = $"locks {LockPaths.ClassText(w.Held.Path)}";
            // A wait in a callee: name the chain and the line of the wait itself.
            var inCallee = b.Via.Length > 0 && b.Inner != null ? $" (in {b.Via}, line {pass.Line(b.Inner)})" : "";
            // A deferred wait runs before the deferred unlocks registered above it.
            if (b.Deferred != null) inCallee += $" in a call deferred at line {pass.Line(b.Deferred)}, after the deferred unlock, so it runs first,";
            // A case of a select whose Done case is never taken: say why that case is no way out.
            if (b.Kind is BlockingKind.ChannelSend or BlockingKind.ChannelReceive && w.SelectAt == null) inCallee += NeverDoneSelects.Note(pass, b.Inner ?? b.At, witnesses: false);
            var what = w.Cycle is { } cycle ? ThreeParty(pass, w, cycle, waiter, unblocker, inCallee, held) : b.Kind switch
            {
                BlockingKind.WaitGroupWait when w.TaskOf != null => $"{waiter} waits for {b.Target.Text}{inCallee} {held}, but {unblocker}, which calls {b.Target.Text}.Done, first runs {w.TaskOf} (line {pass.Line(w.TaskHanded!)}), which {needs} (line {pass.Line(w.UnblockerLock)})",
                BlockingKind.WaitGroupWait => $"{waiter} waits for {b.Target.Text}{inCallee} {held}, but {unblocker}, which calls {b.Target.Text}.Done{others}, {needs} first (line {pass.Line(w.UnblockerLock)})",
                BlockingKind.CondWait when w is { CalledUnder: not null, CalledAfterLock: true } => $"{waiter} waits on {b.Target.Text}{inCallee} {held}, but {unblocker}, which calls its Signal or Broadcast{others}, runs only after that lock: {w.CalledUnder} takes {LockPaths.ClassText(w.Held.Path)} (line {pass.Line(w.UnblockerLock)}) before it calls {unblocker}",
                BlockingKind.CondWait when w.CalledUnder != null => $"{waiter} waits on {b.Target.Text}{inCallee} {held}, but {unblocker}, which calls its Signal or Broadcast{others}, runs only under that lock: {w.CalledUnder} calls it holding {LockPaths.ClassText(w.Held.Path)} (line {pass.Line(w.UnblockerLock)})",
                BlockingKind.CondWait => $"{waiter} waits on {b.Target.Text}{inCallee} {held}, but {unblocker}, which calls its Signal or Broadcast{others}, {needs} before it does (line {pass.Line(w.UnblockerLock)})",
                BlockingKind.ChannelReceive when effects.CancelFieldOf(b.Target) is { } cancel && w.CalledUnder == null => $"{waiter} waits on {b.Target.Text}{inCallee} {held}, but {unblocker}, which cancels that context (it calls the {cancel} it is kept with){others}, {needs} before it does (line {pass.Line(w.UnblockerLock)})",
                BlockingKind.ChannelReceive when w.CalledUnder != null => $"{waiter} receives from {b.Target.Text}{inCallee} {held}, but {unblocker}, which sends on or closes it{others}, runs only after its caller has locked {LockPaths.ClassText(w.Held.Path)}: {w.CalledUnder} locks it before the call (line {pass.Line(w.UnblockerLock)})",
                BlockingKind.ChannelReceive => $"{waiter} receives from {b.Target.Text}{inCallee} {held}, but {unblocker}, which sends on or closes it{others}, {needs} before it does (line {pass.Line(w.UnblockerLock)})",
                BlockingKind.PipeWrite => $"{waiter} writes into the io.Pipe writer {b.Target.Text}{inCallee} {held}; a pipe's Write waits until its reader has taken every byte or either end is closed, and a reader can stop reading at any time, but {unblocker}, which closes the pipe{others}, {needs} before it does (line {pass.Line(w.UnblockerLock)}), so a reader that stops reading cannot end the write",
                BlockingKind.ConnRead when w.CalledUnder != null => $"{waiter} reads from the connection {b.Target.Text}{inCallee} {held} and never writes to it; the peer answers only what it is sent, but {unblocker}, which writes to that connection{others}, runs only after its caller has locked {LockPaths.ClassText(w.Held.Path)}: {w.CalledUnder} locks it before the call (line {pass.Line(w.UnblockerLock)}), so the read waits for a request that waits for the lock",
                BlockingKind.ConnRead => $"{waiter} reads from the connection {b.Target.Text}{inCallee} {held} and never writes to it; the peer answers only what it is sent, but {unblocker}, which writes to that connection{others}, {needs} before it does (line {pass.Line(w.UnblockerLock)}), so the read waits for a request that waits for the lock",
                BlockingKind.ServerShutdown => $"{waiter} calls Shutdown on the http.Server {b.Target.Text}{inCallee} {held}; Shutdown waits until every request in flight has been served and its context is never done, but {unblocker}, a handler of that server{(w.Unblockers > 1 ? $" (and {w.Unblockers - 1} other handler{(w.Unblockers > 2 ? "s" : "")} that lock it too)" : "")}, {needs} (line {pass.Line(w.UnblockerLock)}), so a request it serves when Shutdown starts never finishes",
                _ when w.Semaphore => $"{waiter} takes a slot of the semaphore {b.Target.Text}{inCallee} {held}; once every slot{(w.Capacity > 0 ? $" of its {w.Capacity}" : "")} is taken the send waits for a holder to give one back, but {unblocker}, which gives slots back{others}, {needs} first (line {pass.Line(w.UnblockerLock)})",
                _ when w.ConsumerLeaves => $"{waiter} sends on {Buffering(w.Capacity, b.Target.Text)}{inCallee} {held}; {(w.BroughtByCallers ? "the channel is brought by the package's callers, whose goroutines consume it" : "the channel is handed to consumers outside the package")}, and their way to stop, {unblocker}, which {(w.ByRemoval ? "removes it from the list the send ranges over" : "closes it")}{others}, {needs} first (line {pass.Line(w.UnblockerLock)}): a consumer that stops receiving and calls {unblocker} while this send waits for it blocks on the lock",
                _ when w.LocalChannel => $"{waiter} sends on unbuffered {b.Target.Text}{inCallee} {held}, but {unblocker}, which receives from it{others}, {needs} before it does (line {pass.Line(w.UnblockerLock)})",
                _ when w.Capacity == ChannelBuffering.ComputedBuffer => $"{waiter} sends on {b.Target.Text}{inCallee} {held}, and once its buffer (of a size computed where it is made) is full the send waits for {unblocker}, which receives from it in a loop{others} but {needs} between receives (line {pass.Line(w.UnblockerLock)})",
                _ when w.Capacity > 0 => $"{waiter} sends on {b.Target.Text}{inCallee} {held}, and once its buffer of {w.Capacity} is full the send waits for {unblocker}, which receives from it in a loop{others} but {needs} between receives (line {pass.Line(w.UnblockerLock)})",
                _ => $"{waiter} sends on unbuffered {b.Target.Text}{inCallee} {held}, but {unblocker}, which receives from it in a loop{others}, {needs} between receives (line {pass.Line(w.UnblockerLock)})",
            };
            var related = new List<RelatedLocation>
            {
                new(pass.Span(w.Held.LockedAt), $"{m} is locked here"),
                new(pass.Span(w.UnblockerLock), w.Cycle != null ? $"{unblocker} takes {LockPaths.ClassText(w.Cycle.Held.Path)} here" : w.CalledUnder != null ? w.CalledAfterLock || b.Kind == BlockingKind.ChannelReceive ? $"{w.CalledUnder} takes the lock here" : $"{w.CalledUnder} holds the lock here" : w.TaskOf != null ? "the task needs the lock here" : $"{unblocker} needs the lock here"),
            };
            if (w.Cycle != null) related.Add(new RelatedLocation(pass.Span(w.Cycle.At), $"{w.Cycle.Function} takes {LockPaths.ClassText(w.Held.Path)} here while holding {w.Cycle.Held.Path.Text}"));
            if (w.TaskHanded != null) related.Add(new RelatedLocation(pass.Span(w.TaskHanded), "the task is handed to the runner here"));
            if (b.Via.Length > 0 && b.Inner != null) related.Add(new RelatedLocation(pass.Span(b.Inner), $"the wait, in {b.Via.Split(' ')[^1]}"));
            if (w.SelectAt != null)
            {
                // A select: every case waits on the same goroutine, so the one judged stands for all of them.
                what = $"{waiter} selects on {string.Join(" and ", w.SelectCases!)}, and only {unblocker} can end any of its cases: {what}";
                related.Add(new RelatedLocation(pass.Span(b.At), "the case judged"));
            }
            // Two read locks wait on each other only through a writer queued between them.
            var readers = w.Held.Mode == LockMode.Read ? " (a read lock: once a writer waits for it, new readers wait behind that writer)" : "";
            var cycleText = w.Cycle != null ? "the three goroutines wait for each other in a cycle for ever" : "once that goroutine waits for the lock, each waits for the other for ever";
            pass.Report(w.SelectAt ?? b.At, $"{what}{readers}: {cycleText}; release {m} before waiting", related.ToArray());
        }
    }

    /// <summary>How a consumer's channel is buffered: a buffered one fills once its consumer stops receiving.</summary>
    private static string Buffering(int capacity, string channel) => capacity switch
    {
        0 => $"unbuffered {channel}",
        ChannelBuffering.ComputedBuffer => $"{channel} (its buffer, of a size computed where it is made, fills once a consumer stops receiving)",
        _ => $"{channel} (its buffer of {capacity} fills once a consumer stops receiving)",
    };

    /// <summary>A wait whose unblocker needs a second lock, held by a third function while it takes the held one.</summary>
    private static string ThreeParty(Pass pass, LockWait w, LockOrderEdge cycle, string waiter, string unblocker, string inCallee, string held)
    {
        var b = w.Blocking;
        var (waits, ends) = b.Kind switch
        {
            BlockingKind.ChannelSend => ("sends on", "receives from it"),
            BlockingKind.ChannelReceive => ("receives from", "sends on or closes it"),
            BlockingKind.WaitGroupWait => ("waits for", $"calls {b.Target.Text}.Done"),
            _ => ("waits on", "calls its Signal or Broadcast"),
        };
        var second = LockPaths.ClassText(cycle.Held.Path);
        return $"{waiter} {waits} {b.Target.Text}{inCallee} {held}, but {unblocker}, which {ends}, first takes {second} (line {pass.Line(w.UnblockerLock)}), "
             + $"and {cycle.Function} takes {LockPaths.ClassText(w.Held.Path)} while holding {second} (line {pass.Line(cycle.At)}{(cycle.Via.Length > 0 ? $", through {cycle.Via}" : "")})";
    }
}
