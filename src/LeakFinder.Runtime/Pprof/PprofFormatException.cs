using LeakFinder.Runtime.Input;

namespace LeakFinder.Runtime.Pprof;

/// <summary>A profile that cannot be read; the message is `file: what is wrong`, fit for a terminal.</summary>
public sealed class PprofFormatException(string message, Exception? inner = null) : InputException(message, inner);
