namespace LeakFinder.Cli;

/// <summary>A single, overwritten status line on a terminal for long scans; the CLI creates none when stderr is piped.</summary>
public sealed class ProgressLine(TextWriter terminal)
{
    private int _width;

    public void Show(string message)
    {
        var text = "leakfinder: " + message;
        terminal.Write("\r" + text.PadRight(_width));
        _width = text.Length;
        terminal.Flush();
    }

    public void Clear()
    {
        if (_width == 0) return;
        terminal.Write("\r" + new string(' ', _width) + "\r");
        terminal.Flush();
        _width = 0;
    }
}
