using System.IO.MemoryMappedFiles;

namespace LeakFinder.Runtime.Goroutines;

/// <summary>
/// A file mapped read-only into memory, read as spans. A large dump is read straight from the page cache:
/// no copy into a buffer (a tenth of the reading time), and each core reads its own part of one mapping.
/// The one unsafe corner of the parser, kept to this class: a span over a mapping needs its address.
/// A file truncated by another process while it is read would fault; dumps are written once, then read.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;

    /// <summary>Maps <paramref name="path"/>, which must not be empty (an empty file cannot be mapped).</summary>
    public MappedFile(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        Length = file.Length;
        _map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* start = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _start = start + _view.PointerOffset;
    }

    public long Length { get; }

    /// <summary>The <paramref name="length"/> bytes at <paramref name="offset"/>; valid until disposed.</summary>
    public ReadOnlySpan<byte> Slice(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        return new ReadOnlySpan<byte>(_start + offset, length);
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
