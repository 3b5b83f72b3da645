namespace LeakFinder.Runtime.Output;

/// <summary>The `--format` of every runtime command.</summary>
public enum OutputFormat
{
    Text,
    Json,
}
