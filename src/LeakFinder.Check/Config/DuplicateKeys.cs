using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace LeakFinder.Check.Config;

/// <summary>
/// A parser that lets a file with duplicate keys load, so that they are reported beside every other problem:
/// YamlDotNet's representation model throws at the first duplicate and the rest of the file goes unread. Each
/// repeated scalar key is recorded with its position and renamed to a placeholder that <see cref="RemoveFrom"/>
/// then takes out of the loaded tree (the first occurrence is kept).
/// </summary>
internal sealed class DuplicateKeys(IParser inner) : IParser
{
    private const string Placeholder = "\u0000duplicate key ";
    private readonly Stack<Frame> _frames = new();
    private ParsingEvent? _current;
    private int _renamed;

    /// <summary>Each repeated key, with the line of its first occurrence.</summary>
    public List<(Scalar Key, long FirstLine)> Found { get; } = [];

    public ParsingEvent? Current => _current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            _current = null;
            return false;
        }
        _current = inner.Current;
        switch (_current)
        {
            case Scalar scalar:
                Dictionary<string, long>? keys = null;
                if (_frames.TryPeek(out var frame)) frame.NextIsKey(out keys);
                if (keys == null) break;
                if (keys.TryGetValue(scalar.Value, out var first))
                {
                    Found.Add((scalar, first));
                    _current = new Scalar(scalar.Anchor, scalar.Tag, Placeholder + _renamed++, scalar.Style, scalar.IsPlainImplicit, scalar.IsQuotedImplicit, scalar.Start, scalar.End);
                }
                else keys[scalar.Value] = scalar.Start.Line;
                break;
            case AnchorAlias:
                Advance();
                break;
            case MappingStart:
                Advance();
                _frames.Push(new Frame(isMapping: true));
                break;
            case SequenceStart:
                Advance();
                _frames.Push(new Frame(isMapping: false));
                break;
            case MappingEnd or SequenceEnd:
                _frames.TryPop(out _);
                break;
        }
        return true;
    }

    // A node that is no scalar (a nested mapping or sequence, an alias) still takes its turn as key or value.
    private void Advance()
    {
        if (_frames.TryPeek(out var frame)) frame.NextIsKey(out _);
    }

    /// <summary>Takes the renamed repeats out of every mapping of the loaded document.</summary>
    public static void RemoveFrom(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var key in map.Children.Keys.Where(k => k is YamlScalarNode { Value: { } v } && v.StartsWith(Placeholder, StringComparison.Ordinal)).ToList())
                    map.Children.Remove(key);
                foreach (var (_, value) in map.Children) RemoveFrom(value);
                break;
            case YamlSequenceNode seq:
                foreach (var item in seq.Children) RemoveFrom(item);
                break;
        }
    }

    /// <summary>An open mapping (alternating key, value) or sequence.</summary>
    private sealed class Frame(bool isMapping)
    {
        private readonly Dictionary<string, long> _keys = new(StringComparer.Ordinal);
        private bool _expectKey = true;

        /// <summary>A node starts: <paramref name="keys"/> are the keys so far when it is a mapping key, else null.</summary>
        public void NextIsKey(out Dictionary<string, long>? keys)
        {
            keys = isMapping && _expectKey ? _keys : null;
            if (isMapping) _expectKey = !_expectKey;
        }
    }
}
