using System.Globalization;
using Bunq.Emulator;
using Result = Bunq.Package.Tests.PackedFeed.Result;

namespace Bunq.Package.Tests;

/// <summary>
/// A fresh console app that references only the Bunq.Generators package: an unsigned endpoint must fail its build with
/// BUNQ001 at the method; once signed, it must build and talk to the emulator with signed requests and verified
/// responses. The optional Bunq.Generators.Redis package brings StackExchange.Redis and <c>BunqContextStore.Redis</c>;
/// Bunq.Generators alone does not.
/// </summary>
public sealed class PackageTests(PackedFeed packed) : IClassFixture<PackedFeed>
{
    [Fact]
    public async Task A_fresh_project_with_only_the_package_gets_build_errors_then_a_working_signed_client()
    {
        Assert.DoesNotContain("StackExchange.Redis", packed.Nuspec("Bunq.Generators"), StringComparison.Ordinal);
        string consumer = packed.CreateConsumer("consumer", "Bunq.Generators");
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), Program(signed: false));
        Result broken = Run("dotnet", ["build", "-c", "Release"], consumer);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Matches(@"Program\.cs\(\d+,\d+\): error BUNQ001: Method 'ListAsync' of \[BunqEndpoint\] interface 'IMonetaryAccounts' is not signed", broken.Output);

        File.WriteAllText(Path.Combine(consumer, "Program.cs"), Program(signed: true));
        Result built = Run("dotnet", ["build", "-c", "Release"], consumer);
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

        Result run = Run("dotnet", ["run", "--no-build", "-c", "Release", "--", bunq.BaseAddress.ToString(), bunq.Pin, apiKey], consumer);
        run.AssertSucceeded("run");
        Assert.Contains("accounts: 1", run.Output, StringComparison.Ordinal);
        EmulatorRequest list = bunq.Requests.Single(r => r.Path.EndsWith("/monetary-account-bank", StringComparison.Ordinal));
        Assert.True(list.Signed);
        Assert.Equal(200, list.Status);
    }

    [Fact]
    public void The_redis_package_brings_the_redis_store_as_a_static_extension_and_needs_exactly_its_bunq_generators()
    {
        string nuspec = packed.Nuspec("Bunq.Generators.Redis");
        Assert.Contains($"<dependency id=\"Bunq.Generators\" version=\"[{packed.Version}]\"", nuspec, StringComparison.Ordinal);
        Assert.Contains("<dependency id=\"StackExchange.Redis\"", nuspec, StringComparison.Ordinal);

        string consumer = packed.CreateConsumer("redis-consumer", "Bunq.Generators.Redis");
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
        Run("dotnet", ["build", "-c", "Release"], consumer).AssertSucceeded("build");

        // Nothing listens there: the store from the package connects at once and says so with the typed error.
        string nowhere = "127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture) + ",connectTimeout=500";
        Result run = Run("dotnet", ["run", "--no-build", "-c", "Release", "--", nowhere], consumer);
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

    private static Result Run(string file, string[] arguments, string directory) => PackedFeed.Run(file, arguments, directory);
}
