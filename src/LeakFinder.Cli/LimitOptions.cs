using System.CommandLine;
using LeakFinder.Runtime.Input;

namespace LeakFinder.Cli;

/// <summary>
/// --max-input-mb and --max-stacks, the flags that raise the <see cref="InputLimits"/> the readers enforce
/// (and the error each limit gives names its flag).
/// </summary>
public sealed class LimitOptions
{
    private readonly Option<long?> _maxInputMb;
    private readonly Option<int>? _maxStacks;

    private LimitOptions(Option<long?> maxInputMb, Option<int>? maxStacks)
    {
        _maxInputMb = maxInputMb;
        _maxStacks = maxStacks;
    }

    /// <param name="streamedDefaultMb">The default shown in --help: what the command reads as a stream, or holds whole.</param>
    /// <param name="stacks">Whether the command keeps stacks (dump, profile) and so takes --max-stacks.</param>
    public static LimitOptions AddTo(Command command, long streamedDefaultMb, bool stacks)
    {
        var maxInputMb = new Option<long?>("--max-input-mb")
        {
            Description = $"Refuse an input (or for proc, one /proc file) larger than this many MiB after decompression (default {streamedDefaultMb})",
            Validators = { r => { if (r.GetValueOrDefault<long?>() is <= 0) r.AddError("--max-input-mb must be positive"); } },
        };
        command.Options.Add(maxInputMb);
        Option<int>? maxStacks = null;
        if (stacks)
        {
            maxStacks = new Option<int>("--max-stacks")
            {
                Description = "Refuse an input with more distinct stacks (dump buckets, profile samples) than this",
                DefaultValueFactory = _ => InputLimits.DefaultStacks,
                Validators = { r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError("--max-stacks must be positive"); } },
            };
            command.Options.Add(maxStacks);
        }
        return new LimitOptions(maxInputMb, maxStacks);
    }

    /// <summary>The limits the user gave, or the defaults: streamed inputs 4 GiB, inputs held whole 256 MiB.</summary>
    public InputLimits Of(ParseResult parse)
    {
        var stacks = _maxStacks == null ? InputLimits.DefaultStacks : parse.GetValue(_maxStacks);
        return parse.GetValue(_maxInputMb) is { } mb
            ? InputLimits.WithMaxBytes(mb << 20, stacks)
            : new InputLimits { MaxStacks = stacks };
    }
}
