using Bunq.Emulator;

namespace Bunq.Package.Tests;

/// <summary>
/// Builds fresh console apps that reference only the packed package (<see cref="PackedPackage"/>): an unsigned endpoint
/// must fail its build with BUNQ001 at the method; once signed, it must build and talk to the emulator with signed
/// requests and verified responses. And the README's C# blocks marked to compile build as shown.
/// </summary>
public sealed class PackageTests(PackedPackage package) : IClassFixture<PackedPackage>
{
    [Fact]
    public async Task A_fresh_project_with_only_the_package_gets_build_errors_then_a_working_signed_client()
    {
        Assert.True(File.Exists(package.NupkgPath));

        string consumer = package.CreateConsumer("consumer");
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), Program(signed: false));
        PackedPackage.Result broken = PackedPackage.Run("dotnet", ["build", "-c", "Release"], consumer);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Matches(@"Program\.cs\(\d+,\d+\): error BUNQ001: Method 'ListAsync' of \[BunqEndpoint\] interface 'IMonetaryAccounts' is not signed", broken.Output);

        File.WriteAllText(Path.Combine(consumer, "Program.cs"), Program(signed: true));
        PackedPackage.Result built = PackedPackage.Run("dotnet", ["build", "-c", "Release"], consumer);
        built.AssertSucceeded("build");
        Assert.DoesNotContain("AD0001", built.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", built.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8785", built.Output, StringComparison.Ordinal);

        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        // test set-up only: the sandbox user is made outside the package under test
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null });
        using HttpResponseMessage created = await http.PostAsync(new Uri(bunq.BaseAddress, "sandbox-user-person"), null);
        string sandboxUser = await created.Content.ReadAsStringAsync();
        string apiKey = System.Text.Json.JsonDocument.Parse(sandboxUser).RootElement.GetProperty("Response")[0].GetProperty("ApiKey").GetProperty("api_key").GetString()!;

        PackedPackage.Result run = PackedPackage.Run("dotnet", ["run", "--no-build", "-c", "Release", "--", bunq.BaseAddress.ToString(), bunq.Pin, apiKey], consumer);
        run.AssertSucceeded("run");
        Assert.Contains("accounts: 1", run.Output, StringComparison.Ordinal);
        EmulatorRequest list = bunq.Requests.Single(r => r.Path.EndsWith("/monetary-account-bank", StringComparison.Ordinal));
        Assert.True(list.Signed);
        Assert.Equal(200, list.Status);
    }

    [Fact]
    public void The_readmes_marked_csharp_blocks_build_against_the_package_as_shown()
    {
        IReadOnlyList<ReadmeBlocks.Block> blocks = ReadmeBlocks.Read(File.ReadAllText(Path.Combine(Bunq.Testing.TestPaths.RepositoryRoot(), "README.md")));
        Assert.True(blocks.Count >= 2, $"expected the README's marked blocks, found {blocks.Count}");

        // all blocks in one project, one file each, in README order: together they are one program, as a reader would paste them
        string consumer = package.CreateConsumer("readme");
        foreach (ReadmeBlocks.Block block in blocks)
        {
            File.WriteAllText(Path.Combine(consumer, block.FileName), block.Code);
        }

        PackedPackage.Result build = PackedPackage.Run("dotnet", ["build", "-c", "Release"], consumer);

        foreach (ReadmeBlocks.Block block in blocks)
        {
            string[] reported = ReadmeBlocks.ErrorsIn(build.Output, block.FileName);
            Assert.True(
                block.ExpectedErrors.Order(StringComparer.Ordinal).SequenceEqual(reported.Order(StringComparer.Ordinal)),
                $"README block at line {block.Line} ({block.FileName}): expected errors [{string.Join(", ", block.ExpectedErrors)}], " +
                $"the build reported [{string.Join(", ", reported)}]:\n{build.Output}");
        }

        int expected = blocks.Sum(b => b.ExpectedErrors.Length);
        Assert.True(ReadmeBlocks.ErrorsIn(build.Output, file: null).Length == expected, $"errors outside the README's blocks:\n{build.Output}");
        if (expected == 0)
        {
            build.AssertSucceeded("build of the README's blocks");
        }

        Assert.DoesNotContain("AD0001", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8785", build.Output, StringComparison.Ordinal);
    }

    private static string Program(bool signed) => $$"""
        using Bunq;
        using Refit;

        var options = new BunqOptions { BaseAddress = new Uri(args[0]), ApiKey = args[2] };
        options.CertificatePins.Add(args[1]);
        await using var bank = await Bank.ConnectAsync(options);
        var accounts = await bank.MonetaryAccounts.ListAsync(bank.UserId);
        Console.WriteLine($"accounts: {accounts.Items.Count}");

        [BunqEndpoint{{(signed ? ", Signed" : string.Empty)}}]
        public interface IMonetaryAccounts
        {
            [Get("/user/{userId}/monetary-account-bank")]
            Task<BunqList<Account>> ListAsync(long userId, CancellationToken ct = default);
        }

        public sealed record Account(long Id, string Description);

        [BunqClient]
        public partial class Bank;
        """;
}
