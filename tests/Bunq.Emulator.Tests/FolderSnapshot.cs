namespace Bunq.Emulator.Tests;

/// <summary>
/// A data folder's every file, sub-folders (attachments/) included, by full path with its bytes: a start that fails must
/// leave the folder byte for byte as it was, with no file added, removed or changed.
/// </summary>
internal static class FolderSnapshot
{
    public static Dictionary<string, byte[]> Take(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes, StringComparer.Ordinal);

    public static void AssertUnchanged(string directory, Dictionary<string, byte[]> before)
    {
        Dictionary<string, byte[]> after = Take(directory);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
    }
}
