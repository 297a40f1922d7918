using System.Diagnostics;
using Bunq.Testing;
using System.Text.RegularExpressions;

namespace Bunq.Emulator.Tests;

public partial class EmulatorTests
{
    [Fact]
    public async Task Every_route_exists_in_bunqs_published_api()
    {
        HashSet<string> published = CatalogueOperations().Select(Normalize).ToHashSet(StringComparer.Ordinal);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync();

        Assert.True(bunq.Routes.Count >= 20, $"only {bunq.Routes.Count} routes");
        Assert.All(bunq.Routes, route =>
            Assert.True(published.Contains(Normalize(route.Replace(" /v1/", " /", StringComparison.Ordinal))), $"{route} is not in bunq's OpenAPI description"));
    }

    [OpenApiFact]
    public void The_catalogues_operations_are_bunqs_openapi_operations()
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(OpenApiFactAttribute.SwaggerPath));
        var fromSwagger = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(op => op.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(op => op.Name.ToUpperInvariant() + " " + path.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal(fromSwagger, CatalogueOperations().Order(StringComparer.Ordinal));
    }

    /// <summary>"VERB /route" of each operation line ("O", verb, route, request, response) of data/bunq-catalogue.txt.</summary>
    private static IEnumerable<string> CatalogueOperations() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "bunq-catalogue.txt"))
            .Where(line => line.StartsWith("O\t", StringComparison.Ordinal))
            .Select(line => string.Join(' ', line.Split('\t')[1..3]));

    [Fact]
    public async Task The_executable_prints_the_contract_line_and_serves_until_stopped()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "bunq-emulator.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Match match = ContractLine().Match(line ?? string.Empty);
            Assert.True(match.Success, $"unexpected first line: {line}");

            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && "sha256/" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo())) == match.Groups["pin"].Value,
            };
            using var client = new HttpClient(handler);
            using HttpResponseMessage response = await client.PostAsync(match.Groups["url"].Value + "sandbox-user-person", null, timeout.Token);
            Assert.True(response.IsSuccessStatusCode);
            Assert.False(process.HasExited);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task The_executable_refuses_a_malformed_argument()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "bunq-emulator.dll"), "--port", "x"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Usage", error, StringComparison.Ordinal);
    }

    private static string Normalize(string operation) => RouteParameter().Replace(operation, "{}");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"^Bunq emulator listening on (?<url>https://127\.0\.0\.1:\d+/v1/) pin (?<pin>sha256/[A-Za-z0-9+/=]{44})$")]
    private static partial Regex ContractLine();
}

public class FaultTests
{
    [Fact]
    public void Random_faults_spare_the_unverifiable_installation_answer_and_queued_ones_do_not()
    {
        var faults = new EmulatorFaults();
        faults.InjectRandomly(1.0, seed: 7, BunqFaultKind.ServerError);

        Assert.Null(faults.Take("POST", "/v1/installation"));
        Assert.Equal(BunqFaultKind.ServerError, faults.Take("GET", "/v1/installation")?.Kind);
        Assert.Equal(BunqFaultKind.ServerError, faults.Take("POST", "/v1/device-server")?.Kind);

        faults.Inject(new BunqFault(BunqFaultKind.TamperBody, PathContains: "installation"));
        Assert.Equal(BunqFaultKind.TamperBody, faults.Take("POST", "/v1/installation")?.Kind);
    }
}
