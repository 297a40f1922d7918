using System.Text.RegularExpressions;

namespace Bunq.Package.Tests;

/// <summary>
/// The README's C# blocks marked to compile: a <c>&lt;!-- compile --&gt;</c> line right before a <c>```csharp</c> fence
/// (docs/contributing.md). A line of a block that ends in <c>// error BUNQnnn…</c> shows a diagnostic the reader is
/// meant to see: the build must report exactly that error in that block, and nothing else.
/// </summary>
internal static partial class ReadmeBlocks
{
    public const string Marker = "<!-- compile -->";

    /// <summary>The marked blocks in README order.</summary>
    public static IReadOnlyList<Block> Read(string readme)
    {
        string[] lines = readme.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<Block>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != Marker)
            {
                continue;
            }

            Assert.True(i + 1 < lines.Length && lines[i + 1].Trim() == "```csharp", $"README line {i + 1}: {Marker} must stand right before a ```csharp fence");
            int start = i + 2, end = start;
            while (end < lines.Length && lines[end].Trim() != "```")
            {
                end++;
            }

            Assert.True(end < lines.Length, $"README line {i + 2}: the marked block is not closed");
            string[] code = lines[start..end];
            string[] expected = code.Select(l => ExpectedError().Match(l)).Where(m => m.Success).Select(m => m.Groups["id"].Value).ToArray();
            blocks.Add(new Block(blocks.Count + 1, start + 1, string.Join('\n', code) + "\n", expected));
            i = end;
        }

        return blocks;
    }

    /// <summary>The ids of the errors the build reported in <paramref name="file"/>, or in any file when null.</summary>
    public static string[] ErrorsIn(string buildOutput, string? file) =>
        BuildError().Matches(buildOutput)
            .Where(m => file is null || Path.GetFileName(m.Groups["file"].Value) == file)
            .Select(m => m.Groups["file"].Value + "|" + m.Groups["line"].Value + "|" + m.Groups["id"].Value)
            .Distinct(StringComparer.Ordinal) // MSBuild repeats errors in its summary
            .Select(key => key.Split('|')[2])
            .ToArray();

    [GeneratedRegex(@"//\s*error (?<id>BUNQ\d{3})\b")]
    private static partial Regex ExpectedError();

    [GeneratedRegex(@"(?<file>\S+?\.cs)\((?<line>\d+),\d+\): error (?<id>[A-Z]+\d+)")]
    private static partial Regex BuildError();

    /// <summary>One marked block.</summary>
    /// <param name="Number">1 for the first marked block.</param>
    /// <param name="Line">The README line of its first code line.</param>
    /// <param name="Code">The block's text.</param>
    /// <param name="ExpectedErrors">The error ids its comments announce.</param>
    public sealed record Block(int Number, int Line, string Code, string[] ExpectedErrors)
    {
        public string FileName => $"Readme{Number}.cs";
    }
}
