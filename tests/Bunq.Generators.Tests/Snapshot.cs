namespace Bunq.Generators.Tests;

/// <summary>
/// Expected-output files reviewed like code, laid out as Verify does (<c>Snapshots/&lt;name&gt;</c> beside the test). A
/// mismatch or a missing file writes <c>&lt;name&gt;.received</c> and fails with a line diff; <c>UPDATE_SNAPSHOTS=1</c>
/// accepts the new output. The folder is found from the test binaries, not from [CallerFilePath]: CI builds map source
/// paths to <c>/_/</c> (ContinuousIntegrationBuild), where no file exists.
/// </summary>
internal static class Snapshot
{
    public static void Match(string actual, string name)
    {
        string directory = Path.Combine(ProjectDirectory(), "Snapshots");
        string expectedPath = Path.Combine(directory, name);
        string receivedPath = expectedPath + ".received";
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(expectedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        string? expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {name}; the output is in {receivedPath}. Review it, then run with UPDATE_SNAPSHOTS=1."
            : $"Snapshot {name} differs (output in {receivedPath}):\n{Diff(expected, actual)}");
    }

    private static string ProjectDirectory() =>
        Path.Combine(Bunq.Testing.TestPaths.RepositoryRoot(), "tests", "Bunq.Generators.Tests");

    private static string Diff(string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        var lines = new List<string>();
        for (int i = 0; i < Math.Max(e.Length, a.Length) && lines.Count < 40; i++)
        {
            string? left = i < e.Length ? e[i] : null, right = i < a.Length ? a[i] : null;
            if (left != right)
            {
                lines.Add($"{i + 1,4} - {left}");
                lines.Add($"{i + 1,4} + {right}");
            }
        }

        return string.Join('\n', lines);
    }
}
