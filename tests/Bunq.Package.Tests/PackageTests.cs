using System.Globalization;
using Bunq.Emulator;

namespace Bunq.Package.Tests;

/// <summary>
/// Builds fresh console apps that reference only the packed package (<see cref="PackedPackage"/>): an unsigned endpoint
/// must fail its build with BUNQ001 at the method; once signed, it must build and talk to the emulator with signed
/// requests and verified responses. And the README's C# blocks marked to compile build as shown. The optional
/// Bunq.Generators.Redis package brings StackExchange.Redis and <c>BunqContextStore.Redis</c>; Bunq.Generators alone
/// does not.
/// </summary>
[Collection(PackedPackage.Collection)]
public sealed class PackageTests(PackedPackage package)
{
    [Fact]
    public async Task A_fresh_project_with_only_the_package_gets_build_errors_then_a_working_signed_client()
    {
        Assert.True(File.Exists(package.NupkgPath));
        Assert.DoesNotContain("StackExchange.Redis", package.Nuspec("Bunq.Generators"), StringComparison.Ordinal);

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

    [Fact]
    public void The_redis_package_brings_the_redis_store_as_a_static_extension_and_needs_at_least_its_bunq_generators()
    {
        string nuspec = package.Nuspec("Bunq.Generators.Redis");
        // over the core's public seams only, so an ordinary lower bound (no exact-version pin)
        Assert.Contains($"<dependency id=\"Bunq.Generators\" version=\"{package.Version}\"", nuspec, StringComparison.Ordinal);
        Assert.Contains("<dependency id=\"StackExchange.Redis\"", nuspec, StringComparison.Ordinal);

        string consumer = package.CreateConsumer("redis-consumer", "Bunq.Generators.Redis");
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using Bunq;

            try
            {
                BunqContextStore.Redis(args[0], BunqContextProtection.Passphrase("a passphrase"), new BunqRedisOptions { KeyPrefix = "app" });
            }
            catch (BunqConfigurationException e)
            {
                Console.WriteLine("redis: " + e.Message);
            }
            """);
        PackedPackage.Run("dotnet", ["build", "-c", "Release"], consumer).AssertSucceeded("build");

        // Nothing listens there: the store from the package connects at once and says so with the typed error.
        string nowhere = "127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture) + ",connectTimeout=500";
        PackedPackage.Result run = PackedPackage.Run("dotnet", ["run", "--no-build", "-c", "Release", "--", nowhere], consumer);
        run.AssertSucceeded("run");
        Assert.Contains("redis: Redis at 127.0.0.1:", run.Output, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", run.Output, StringComparison.Ordinal);
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

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
