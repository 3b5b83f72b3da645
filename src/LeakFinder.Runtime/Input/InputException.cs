namespace LeakFinder.Runtime.Input;

/// <summary>
/// Input that cannot be read or is not what the command reads (missing file, refused connection, HTTP error,
/// stalled server, a limit hit, a heap profile given to `dump`). The message is `source: what is wrong`, fit
/// for a terminal. Every reader's refusal derives from it, so the CLI maps one type to exit code 2 and every
/// other exception is an internal error (exit 3).
/// </summary>
public class InputException(string message, Exception? inner = null) : Exception(message, inner);
