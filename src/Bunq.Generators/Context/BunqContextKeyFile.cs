using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Bunq;

/// <summary>
/// The per-user key file behind <see cref="BunqContextProtection.UserKey"/>: 32 random bytes, owner-only.
/// </summary>
/// <remarks>
/// Creation is safe when several connections or processes save their first context at once, and a reader never sees a
/// half-written key: the key is written to a temporary file in the same folder (created new, owner-only from the start,
/// flushed to disk) and then moved into place without overwriting (a hard link on Unix, MoveFileEx on Windows), so the
/// key file appears whole or not at all and exactly one creator wins, also across processes; the others read the winner's.
/// A key file of another length (cut short by an interrupted write of an older version, or altered) is an error naming the
/// file, at once. Only the save path creates a key: a context file whose key is gone fails to load and nothing is created,
/// so the context stays recoverable by restoring the key.
/// </remarks>
internal static class BunqContextKeyFile
{
    internal const int KeySize = 32;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Reads the key of an existing context file; creates nothing.</summary>
    /// <exception cref="BunqContextStoreException">The key is missing, unreadable, not a key, or open to other users.</exception>
    public static byte[] Read(string path)
    {
        try
        {
            return TryRead(path) ?? throw new BunqContextStoreException(
                $"Context protection key missing at '{path}': the stored context was encrypted with it and cannot be decrypted without it. " +
                "Nothing was created and the stored context was left as it is. Restore the key file, or delete the stored context to create a new installation.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BunqContextStoreException($"The context protection key file '{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Reads the key, creating it first when there is none (the first save of a context).</summary>
    /// <exception cref="BunqContextStoreException">The key is unreadable, not a key, open to other users, or cannot be created.</exception>
    public static byte[] ReadOrCreate(string path)
    {
        try
        {
            if (TryRead(path) is { } existing)
            {
                return existing;
            }

            return TryCreate(path) ?? TryRead(path) ?? throw new BunqContextStoreException(
                $"The context protection key file '{path}' was created by another process and then removed again; nothing was saved.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BunqContextStoreException($"The context protection key file '{path}' cannot be read or created: {e.Message}", e);
        }
    }

    /// <summary>The key, or null when there is no file.</summary>
    private static byte[]? TryRead(string path)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using (handle)
        {
            RefuseIfOpenToOthers(path, handle);
            long length = RandomAccess.GetLength(handle);
            byte[] key = new byte[KeySize];
            int read = 0;
            while (length == KeySize && read < KeySize && RandomAccess.Read(handle, key.AsSpan(read), read) is var n and > 0)
            {
                read += n;
            }

            // Keys are only ever moved into place whole, so any other length is damage, not a write in progress.
            return read == KeySize ? key : throw new BunqContextStoreException(
                $"The context protection key file '{path}' is not a {KeySize}-byte key ({length} bytes): it was cut short (an interrupted " +
                "write by an older version) or altered, and was left as it is. If no context was ever saved with it, delete it and a new " +
                "key is made at the next save; otherwise restore it from a backup.");
        }
    }

    /// <summary>Creates the key file whole (<see cref="OwnerOnlyFiles.TryCreateNew"/>); null when another creator got there first.</summary>
    private static byte[]? TryCreate(string path)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        byte[] key = RandomNumberGenerator.GetBytes(KeySize);
        return OwnerOnlyFiles.TryCreateNew(path, key) ? key : null; // false: another connection or process created it first: use theirs
    }

    private static void RefuseIfOpenToOthers(string path, SafeFileHandle handle)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // ACLs, not mode bits: the file inherits the per-user folder's; see README
        }

        UnixFileMode mode = File.GetUnixFileMode(handle);
        if ((mode & GroupOrOther) != 0)
        {
            throw new BunqContextStoreException(
                $"The context protection key file '{path}' is open to other users (mode {Octal(mode)}); it was not used and nothing was written. " +
                $"Make it owner-only (chmod 600 '{path}'); if someone else may have read it, treat the contexts it protects as exposed: " +
                "delete them and the key, and create new installations.");
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
