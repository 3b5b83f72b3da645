using System.Runtime.InteropServices;
using System.Text;
using LeakFinder.Runtime.Input;
using Microsoft.Win32.SafeHandles;

namespace LeakFinder.Runtime.Proc;

/// <summary>
/// Reads a file of a /proc-like directory only when it is a regular file, and at most a limit of it. A copy
/// handed to `proc` may hold a FIFO named `maps` (File.ReadAllText blocks in open() forever) or a `status`
/// linked to /dev/zero (it grows without end): the file is opened non-blocking, its type checked on the open
/// descriptor (fstat, so it cannot be swapped between check and read), and the read stops at the limit.
/// /proc's own files are regular files of size 0 that are read to their end like any other.
/// </summary>
public static partial class SafeProcFile
{
    private const int ReadOnly = 0, NonBlocking = 0x800, CloseOnExec = 0x80000, NoControllingTty = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // struct statx: stx_mode is a u16 at offset 28 on every architecture
    private const int TypeMask = 0xF000, RegularFile = 0x8000;
    private const int NoSuchFile = 2, NotADirectory = 20;

    /// <summary>The file's text, or throws: FileNotFoundException when missing, IOException when it is no regular file or too large.</summary>
    public static string ReadAllText(string path, long maxBytes)
    {
        if (!OperatingSystem.IsLinux()) return ReadPortable(path, maxBytes);
        var fd = Open(path, ReadOnly | NonBlocking | CloseOnExec | NoControllingTty);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is NoSuchFile or NotADirectory) throw new FileNotFoundException($"Could not find file '{path}'", path);
            throw new IOException($"cannot open: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var stat = new byte[256];
        if (Statx(fd, "", AtEmptyPath, StatxType, stat) != 0)
            throw new IOException($"cannot stat: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        var mode = BitConverter.ToUInt16(stat, ModeOffset);
        if ((mode & TypeMask) != RegularFile) throw new IOException($"not a regular file ({Kind(mode)}), not read");
        using var stream = new FileStream(handle, FileAccess.Read, 1, isAsync: false);
        return ReadCapped(stream, path, maxBytes);
    }

    private static string ReadPortable(string path, long maxBytes)
    {
        using var stream = File.OpenRead(path);
        return ReadCapped(stream, path, maxBytes);
    }

    private static string ReadCapped(Stream stream, string path, long maxBytes)
    {
        using var limited = new LimitedStream(stream, path, maxBytes);
        using var reader = new StreamReader(limited, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Kind(int mode) => (mode & TypeMask) switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        0x4000 => "a directory",
        _ => "a special file",
    };

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
