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
        string temporary = WriteTemporary(full, bytes);
        try
        {
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
    /// Creates <paramref name="path"/> with <paramref name="bytes"/>, whole and owner-only, unless something is there
    /// already (false then, and it is left as it is): the same temporary file as <see cref="WriteAllBytes"/>, then a
    /// step that never overwrites, atomically — on Unix a hard link, which fails when the name exists (.NET's
    /// <c>File.Move</c> without overwrite checks and then renames, so two creators could both "win" and the second file
    /// replace the first); on Windows MoveFileEx without replace, which is atomic. Exactly one of several creators, also
    /// across processes, gets true.
    /// </summary>
    /// <exception cref="IOException">The file could not be written or put in place.</exception>
    public static bool TryCreateNew(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string temporary = WriteTemporary(full, bytes);
        try
        {
            return PlaceIfAbsent(temporary, full);
        }
        finally
        {
            TryDelete(temporary); // after a link, the temporary name is a second one; after a failure, nothing half-made stays
        }
    }

    // The bytes in a new temporary file beside full: owner-only from creation, flushed to disk; removed if that fails.
    private static string WriteTemporary(string full, ReadOnlySpan<byte> bytes)
    {
        string temporary = TemporaryFor(full);
        try
        {
            using (var stream = new FileStream(temporary, CreateOptions()))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            return temporary;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static bool PlaceIfAbsent(string temporary, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(temporary, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }

        if (UnixLink.Link(Utf8Z(temporary), Utf8Z(path)) == 0)
        {
            return true;
        }

        int error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return error == UnixLink.AlreadyExists
            ? false
            : throw new IOException($"The file could not be put in place (errno {error}).");
    }

    private static byte[] Utf8Z(string text) => Encoding.UTF8.GetBytes(text + "\0");

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

/// <summary>link(2): the one atomic create-if-absent for a whole file on Unix.</summary>
internal static class UnixLink
{
    /// <summary>EEXIST, 17 on Linux and macOS alike.</summary>
    public const int AlreadyExists = 17;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    public static extern int Link(byte[] existing, byte[] created);
}
