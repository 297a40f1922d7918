using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Bunq;

/// <summary>
/// The one way this repository writes a file that holds secrets (an API context, the emulator's keys and state, the
/// quickstart's data): created owner-only (0600 in a 0700 folder) before the first byte is written, through a temporary
/// file renamed over the old one, so a reader or a crash sees the old file or the new one, never half of one, and no
/// other user ever sees either. Shared as source by the runtime, the emulator library and the quickstart, which do not
/// reach one another's internals.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode OwnerOnlyFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> owner-only, or makes an existing folder so (it keeps its mode otherwise).</summary>
    public static void CreateFolder(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyFolderMode);
        File.SetUnixFileMode(path, OwnerOnlyFolderMode);
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8, no byte-order mark), atomically and owner-only.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>, atomically and owner-only.</summary>
    /// <exception cref="IOException">The file could not be written or renamed; the old file is then untouched.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string temporary = TemporaryFor(full);
        try
        {
            using (var stream = new FileStream(temporary, CreateOptions()))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <inheritdoc cref="WriteAllBytes"/>
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        string temporary = TemporaryFor(full);
        try
        {
            await using (var stream = new FileStream(temporary, CreateOptions()))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Shows that <see cref="WriteAllBytes"/> can write next to <paramref name="path"/> now: creates a temporary file
    /// there the way a write does, and removes it. Creates nothing else (a missing folder is the caller's to make).
    /// </summary>
    /// <exception cref="IOException">A file cannot be created there.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable for this user.</exception>
    public static void ProbeWritable(string path)
    {
        string temporary = TemporaryFor(Path.GetFullPath(path));
        new FileStream(temporary, CreateOptions()).Dispose();
        File.Delete(temporary);
    }

    // A unique name per write: two writers never share a temporary file, and a crash's leftover (which may carry an
    // older, wider mode) is never reopened.
    private static string TemporaryFor(string full) => full + ".tmp-" + Guid.NewGuid().ToString("N");

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFileMode;
        }

        return options;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the write's own error says more; a leftover temporary file is owner-only
        }
    }
}
