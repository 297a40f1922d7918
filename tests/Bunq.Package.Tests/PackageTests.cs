using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bunq.Emulator;

namespace Bunq.Package.Tests;

/// <summary>
/// Packs Bunq.Generators from a copy of the sources, then builds a fresh console app that references only that package:
/// an unsigned endpoint must fail its build with BUNQ001 at the method; once signed, it must build and talk to the
/// emulator with signed requests and verified responses.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bunq-package-").FullName;

    [Fact]
    public async Task A_fresh_project_with_only_the_package_gets_build_errors_then_a_working_signed_client()
    {
        string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        string feed = Path.Combine(_work, "feed");
        string sources = CopySources();
        Run("dotnet", ["pack", Path.Combine(sources, "src", "Bunq.Client", "Bunq.Client.csproj"), "-c", "Release", "-o", feed, $"-p:Version={version}"], sources)
            .AssertSucceeded("pack");
        Assert.True(File.Exists(Path.Combine(feed, $"Bunq.Generators.{version}.nupkg")));

        string consumer = CreateConsumer(feed, version);
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

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a build server may still hold a file for a moment
        }
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

    /// <summary>A copy of what packing needs, so the pack never touches the build outputs other tests are running from.</summary>
    private string CopySources()
    {
        string root = Bunq.Testing.TestPaths.RepositoryRoot();
        string target = Path.Combine(_work, "sources");
        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md", ".editorconfig" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, file))!);
            File.Copy(Path.Combine(root, file), Path.Combine(target, file));
        }

        // The projects, the catalogue sources they link (src/Shared) and the catalogue data they embed (data).
        foreach (string folder in new[] { Path.Combine("src", "Bunq.Client"), Path.Combine("src", "Bunq.Generators"), Path.Combine("src", "Bunq.Generators.CodeFixes"), Path.Combine("src", "Shared"), "data" })
        {
            string from = Path.Combine(root, folder);
            foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(from, file);
                if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
                {
                    continue;
                }

                string destination = Path.Combine(target, folder, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }

        return target;
    }

    private string CreateConsumer(string feed, string version)
    {
        string consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Bunq.Generators" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        // Adds the folder feed to the machine's configured sources (no <clear/>).
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="bunq-test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // Keeps the repository's build settings (and anything above the temp folder) out of the consumer.
        File.WriteAllText(Path.Combine(_work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_work, "Directory.Packages.props"), "<Project />");
        return consumer;
    }

    private static Result Run(string file, string[] arguments, string directory)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 5 minutes:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    private sealed record Result(int ExitCode, string Output)
    {
        public void AssertSucceeded(string step) => Assert.True(ExitCode == 0, $"{step} failed ({ExitCode}):\n{Output}");
    }
}
