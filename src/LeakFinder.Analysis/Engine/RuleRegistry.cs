using LeakFinder.Analysis.Rules.Context;
using LeakFinder.Analysis.Rules.Goroutine;
using LeakFinder.Analysis.Rules.Heap;
using LeakFinder.Analysis.Rules.Race;
using LeakFinder.Analysis.Rules.Resource;
using LeakFinder.Analysis.Rules.Sync;
using LeakFinder.Analysis.Rules.Timer;

namespace LeakFinder.Analysis.Engine;

/// <summary>Every rule LeakFinder has, in id order. Adding a rule = one class in Rules/ and one line here.</summary>
public static class RuleRegistry
{
    public static readonly IReadOnlyList<Rule> All =
    [
        new LF1001BlockedChannel(),
        new LF1002AbandonedFanOut(),
        new LF1003LoopChannelAfterExit(),
        new LF1004LoopSendIgnoresStop(),
        new LF1005ProducerIgnoresContext(),
        new LF1006LoopOutlivesStop(),
        new LF1007DoneNotClosed(),
        new LF1008ResultChannelDropped(),
        new LF1009CancelFieldLost(),
        new LF1010QueuedReplyAbandoned(),
        new LF1011SendBeforeReceiver(),
        new LF1012LoopsSendToEachOther(),
        new LF1013DroppedWakeup(),
        new LF2001HttpBodyNotClosed(),
        new LF2002ResourceNotClosed(),
        new LF2003DeferCloseInLoop(),
        new LF2004CgoMemoryNotFreed(),
        new LF2005MmapNotUnmapped(),
        new LF2006FdNotClosed(),
        new LF2007CommandNotWaited(),
        new LF3001TickerNotStopped(),
        new LF3002TimeTickLeak(),
        new LF3003TimeAfterInLoop(),
        new LF3004SignalNotifyNotStopped(),
        new LF3005TimerOwnedNotStopped(),
        new LF4001LostCancel(),
        new LF4002ContextParentDropped(),
        new LF5001WaitGroupAddInGoroutine(),
        new LF5002MutexNotUnlocked(),
        new LF5003MutexRelocked(),
        new LF5004LockOrderInversion(),
        new LF5005LockHeldWhileWaiting(),
        new LF5006CondWaitWithoutCheck(),
        new LF5007WaitGroupDoneMissed(),
        new LF5008CondSignalMissed(),
        new LF5009WaitBeforeReceive(),
        new LF5010TimerDrainBlocks(),
        new LF5011LockedCopy(),
        new LF6001UnboundedMapGrowth(),
        new LF6002GoroutineWithoutExit(),
        new LF6003SubsliceRetainsBuffer(),
        new LF6004PoolPutRetains(),
        new LF6005FinalizerNeverRuns(),
        new LF7001MapSharedAcrossGoroutines(),
        new LF7002OncePublishedRead(),
        new LF7003LoopVariableCapture(),
        new LF7004ChannelClosedTwice(),
        new LF7005SharedWriteAcrossGoroutines(),
        new LF7006SendOnClosedChannel(),
        new LF7007FieldReadWithoutItsLock(),
    ];

    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } = All.Select(r => r.Descriptor).ToList();

    /// <summary>The rule with this id (LF2001) or name (http-body-not-closed), case-insensitively.</summary>
    public static Rule? Find(string idOrName) =>
        All.FirstOrDefault(r => string.Equals(r.Descriptor.Id, idOrName, StringComparison.OrdinalIgnoreCase)
                             || string.Equals(r.Descriptor.Name, idOrName, StringComparison.OrdinalIgnoreCase));
}
