using System.Runtime.InteropServices;

namespace ResilienceLab.History.Files;

/// <summary>
/// Tells a regular file from a FIFO, a device, a socket or a directory before it is opened: opening a FIFO blocks
/// until a writer comes, and a device such as /dev/zero reports size 0 and never ends. The one place the CLI's
/// readers (histories, plans) ask.
/// </summary>
public static class FileKind
{
    /// <summary>
    /// Null when <paramref name="path"/> (symbolic links followed) is a regular file or does not exist (the caller's
    /// open reports that); otherwise what it is, e.g. "a FIFO (named pipe)", for "is not a regular file: …".
    /// </summary>
    public static string? DescribeIfNotRegular(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return "a directory";
        }

        if (!OperatingSystem.IsLinux() || ModeOffset() is not { } offset)
        {
            // Elsewhere there is no portable stat(2) layout to read; those platforms are not where the CLI runs.
            return null;
        }

        // struct stat is at most 144 bytes on the architectures below; a larger buffer leaves room.
        var buffer = new byte[256];
        if (NativeMethods.Stat(path, buffer) != 0)
        {
            return null;
        }

        var mode = BitConverter.ToUInt32(buffer, offset) & 0xF000; // S_IFMT
        return mode switch
        {
            0x8000 => null, // S_IFREG
            0x4000 => "a directory",
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => $"not a regular file (mode 0x{mode:x})",
        };
    }

    // st_mode's offset in struct stat: x86-64 puts st_nlink (8 bytes) before it; arm64 (the generic layout) after it.
    private static int? ModeOffset() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 24,
        Architecture.Arm64 => 16,
        _ => null,
    };

    private static class NativeMethods
    {
        // glibc exports stat since 2.33 (Debian 12 has 2.36); it follows symbolic links like open(2) does.
        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
    }
}
