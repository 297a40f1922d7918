using System.Globalization;
using System.Text.RegularExpressions;

namespace Bunq.Emulator.Tests;

/// <summary>The README's counts of what the emulator models, held to the routes it serves (a count in prose goes stale otherwise).</summary>
public partial class EmulatorDocsTests
{
    [Fact]
    public async Task The_readmes_counts_of_modelled_operations_are_the_emulators()
    {
        string readme = await File.ReadAllTextAsync(Path.Combine(
            Path.GetDirectoryName(Bunq.Testing.TestPaths.FindUpwards("Bunq.Generators.sln")!)!, "README.md"));
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions());
        int all = bunq.Routes.Count;
        int modelled = bunq.ModelledRoutes.Count;
        int notes = bunq.ModelledRoutes.Count(r => r.EndsWith("/note-attachment", StringComparison.Ordinal) || r.EndsWith("/note-text", StringComparison.Ordinal)
            || r.EndsWith("/note-attachment/{itemId}", StringComparison.Ordinal) || r.EndsWith("/note-text/{itemId}", StringComparison.Ordinal));

        Match models = Models().Match(Flat(readme));
        Match unmodelled = NotModelled().Match(Flat(readme));
        Assert.True(models.Success && unmodelled.Success, "the README no longer states the counts this test checks");
        Assert.Equal((modelled, all, notes), (Number(models, 1), Number(models, 2), Number(models, 3)));
        Assert.Equal((all - modelled, all), (Number(unmodelled, 1), Number(unmodelled, 2)));
    }

    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ");

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"The emulator models (\d+) of bunq's (\d+) operations with state and rules \((\d+) of them")]
    private static partial Regex Models();

    [GeneratedRegex(@"The operations it does not model \((\d+) of bunq's (\d+):")]
    private static partial Regex NotModelled();
}
