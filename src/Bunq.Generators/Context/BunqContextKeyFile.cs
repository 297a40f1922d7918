using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Bunq;

/// <summary>
/// The per-user key file behind <see cref="BunqContextProtection.UserKey"/>: 32 random bytes, owner-only.
/// </summary>
/// <remarks>
/// Creation is safe when several connections or processes save their first context at once: the file is created with
/// create-new (exactly one creator wins, atomically, also across processes) and shared for reading while it is written, so
/// a concurrent reader is never refused; a reader that finds it shorter than a key reads again until the creator is done.
/// Only the save path creates a key: a context file whose key is gone fails to load and nothing is created, so the
/// context stays recoverable by restoring the key.
/// </remarks>
internal static class BunqContextKeyFile
{
    internal const int KeySize = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    // A creator writes 32 bytes right after creating the file; allow it well over a second before calling a short file broken.
    private const int ShortReadAttempts = 200;
    private static readonly TimeSpan ShortReadPause = TimeSpan.FromMilliseconds(10);

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
        for (int attempt = 1; ; attempt++)
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
                if (length == KeySize)
                {
                    byte[] key = new byte[KeySize];
                    int read = 0;
                    while (read < KeySize && RandomAccess.Read(handle, key.AsSpan(read), read) is var n and > 0)
                    {
                        read += n;
                    }

                    if (read == KeySize)
                    {
                        return key;
                    }
                }
                else if (length > KeySize || attempt >= ShortReadAttempts)
                {
                    throw new BunqContextStoreException(
                        $"The context protection key file '{path}' is not a {KeySize}-byte key ({length} bytes); it was left as it is.");
                }
            }

            // shorter than a key: most likely another connection or process is writing it right now
            Thread.Sleep(ShortReadPause);
        }
    }

    /// <summary>Creates the key file; null when another creator got there first.</summary>
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

        // Shared for reading (not exclusive): a reader arriving mid-write sees a short file and reads again, rather than
        // failing with "being used by another process".
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null; // another connection or process created it first: use theirs
        }

        using (stream)
        {
            byte[] key = RandomNumberGenerator.GetBytes(KeySize);
            stream.Write(key);
            stream.Flush(flushToDisk: true);
            return key;
        }
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
