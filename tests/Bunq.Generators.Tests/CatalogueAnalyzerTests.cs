using System.Text.Json;
using Bunq.Generators.Catalogue;
using Bunq.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Bunq.Generators.Tests;

public class CatalogueAnalyzerTests
{
    internal const string Usings = """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        """;

    [Fact]
    public Task The_quickstarts_endpoints_and_bodies_are_clean()
    {
        string endpoints = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "samples", "Bunq.Quickstart", "Endpoints.cs"));
        const string implicitUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";
        var test = Test(implicitUsings, endpoints);
        test.CompilerDiagnostics = CompilerDiagnostics.None; // System.Text.Json's generator, which completes QuickstartJson, does not run here
        return test.RunAsync();
    }

    [Fact]
    public Task The_runtimes_context_calls_are_clean() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IContext
        {
            [Post("/installation")]
            Task<BunqEnvelope> CreateInstallationAsync([Body] BunqInstallationRequest request, CancellationToken cancellationToken);

            [Post("/device-server")]
            Task<BunqId> CreateDeviceServerAsync([Body] BunqDeviceServerRequest request, CancellationToken cancellationToken);

            [Post("/session-server")]
            Task<BunqEnvelope> CreateSessionServerAsync([Body] BunqSessionServerRequest request, CancellationToken cancellationToken);

            [Delete("/session/{sessionId}")]
            Task DeleteSessionAsync(long sessionId, CancellationToken cancellationToken);
        }

        // The runtime's own wire records are internal; these have their shapes.
        public sealed record BunqInstallationRequest([property: System.Text.Json.Serialization.JsonPropertyName("client_public_key")] string ClientPublicKey);

        public sealed record BunqDeviceServerRequest(
            [property: System.Text.Json.Serialization.JsonPropertyName("description")] string Description,
            [property: System.Text.Json.Serialization.JsonPropertyName("secret")] string Secret,
            [property: System.Text.Json.Serialization.JsonPropertyName("permitted_ips")] IReadOnlyList<string>? PermittedIps);

        public sealed record BunqSessionServerRequest([property: System.Text.Json.Serialization.JsonPropertyName("secret")] string Secret);
        """);

    [Fact]
    public Task Placeholders_match_by_position_and_a_query_is_ignored() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Get("/user/{u}/monetary-account/{a}/payment?count=200")]
            Task<ApiResponse<BunqList<Listed>>> ListAsync(long u, long a, CancellationToken ct = default);
        }

        public sealed record Listed(long Id, [property: JsonPropertyName("description")] string Text)
        {
            [JsonIgnore] public string Nothing { get; init; } = "";
            public string Computed => Text;
        }
        """);

    [Fact]
    public Task A_misspelled_route_is_a_warning_naming_the_nearest_route()
    {
        var test = Test(Usings + """
            [BunqEndpoint, Signed]
            public interface IAccounts
            {
                [Get({|#0:"/user/{userId}/monetary-acount-bank"|})]
                Task<string> ListAsync(long userId, CancellationToken ct = default);
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Diagnostics.DiagnosticDescriptors.RouteUnknownToBunq).WithLocation(0)
            .WithArguments("/user/{userId}/monetary-acount-bank", "ListAsync", "/user/{userId}/monetary-account-bank"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_verb_bunq_does_not_offer_is_a_warning_listing_the_verbs_it_does()
    {
        var test = Test(Usings + """
            [BunqEndpoint, Signed]
            public interface IPayments
            {
                [{|#0:Put|}("/user/{userId}/monetary-account/{accountId}/payment")]
                Task<string> ReplaceAsync(long userId, long accountId, CancellationToken ct = default);
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Diagnostics.DiagnosticDescriptors.VerbNotOfferedByBunq).WithLocation(0)
            .WithArguments("PUT", "/user/{userId}/monetary-account/{accountId}/payment", "ReplaceAsync", "GET, POST"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_misspelled_body_property_is_a_warning_at_each_endpoint_sending_it_naming_the_nearest_field()
    {
        var test = Test(Usings + """
            [BunqEndpoint, Signed]
            public interface IPayments
            {
                [Post("/user/{userId}/monetary-account/{accountId}/payment")]
                Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment {|#0:payment|}, CancellationToken ct = default);

                [Post("/user/{userId}/monetary-account/{accountId}/payment")]
                Task<BunqId> CreateAgainAsync(long userId, long accountId, [Body] NewPayment {|#1:payment|}, CancellationToken ct = default);
            }

            public sealed record NewPayment(BunqAmount Amount, BunqPointer CounterpartyAllias, string Description);
            """);
        foreach (int at in new[] { 0, 1 })
        {
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Diagnostics.DiagnosticDescriptors.BodyPropertyUnknownToBunq).WithLocation(at)
                .WithArguments("CounterpartyAllias", "NewPayment", "counterparty_allias", "Payment", "counterparty_alias"));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task Nested_objects_are_checked_where_bunq_describes_what_it_accepts() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment {|BUNQ014:payment|}, CancellationToken ct = default);
        }

        // counterparty_alias is described by a read-only response type, so its pointer is not checked; amount is.
        public sealed record NewPayment(Money Amount, Party CounterpartyAlias, string Description, [property: JsonPropertyName("allow_bunqto")] bool Bunqto);
        public sealed record Money(string Value, string Curency);
        public sealed record Party(string Type, string Value, string Name);
        """);

    [Fact]
    public Task A_route_with_the_version_prefix_is_an_error() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IUsers
        {
            [Get({|BUNQ015:"/v1/user"|})]
            Task<string> ListAsync(CancellationToken ct = default);

            [Get({|BUNQ015:"/v1"|})]
            Task<string> RootAsync(CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task A_response_property_bunq_does_not_send_is_information_at_the_return_type_nested_objects_too()
    {
        var test = Test(Usings + """
            [BunqEndpoint, Signed]
            public interface IPayments
            {
                [Get("/user/{userId}/monetary-account/{accountId}/payment")]
                {|#0:Task<BunqList<Payment>>|} ListAsync(long userId, long accountId, CancellationToken ct = default);
            }

            public sealed record Payment(long Id, BunqAmount Amount, Party CounterpartyAlias)
            {
                public string Descriptoin { get; init; } = "";
            }

            public sealed record Party(string Iban, string DisplayNam);
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Diagnostics.DiagnosticDescriptors.ResponsePropertyUnknownToBunq).WithLocation(0)
            .WithArguments("Descriptoin", "Payment", "descriptoin", "PaymentListing"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Diagnostics.DiagnosticDescriptors.ResponsePropertyUnknownToBunq).WithLocation(0)
            .WithArguments("DisplayNam", "Party", "display_nam", "LabelMonetaryAccount"));
        return test.RunAsync();
    }

    [Fact]
    public Task Plain_refit_interfaces_and_unknown_verbs_are_left_alone() => Verify(Usings + """
        public interface IOther
        {
            [Get("/not-bunq")]
            Task<string> GetAsync(CancellationToken ct = default);
        }

        [BunqEndpoint, Signed]
        public interface IOdd
        {
            [Get("https://example.com/x")]
            Task<string> AbsoluteAsync(CancellationToken ct = default);
        }
        """);

    [Fact]
    public async Task A_route_unknown_to_the_embedded_catalogue_but_in_the_users_openapi_file_is_not_flagged()
    {
        const string source = Usings + """
            [BunqEndpoint, Signed]
            public interface IBrandNew
            {
                [Post("/user/{userId}/brand-new")]
                Task<BunqId> CreateAsync(long userId, [Body] Thing {|#0:thing|}, CancellationToken ct = default);
            }

            public sealed record Thing(string Colour, string Sise);
            """;
        const string openApi = """
            { "openapi": "3.0.0", "paths": { "/user/{userID}/brand-new": { "post": {
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } } } },
              "components": { "schemas": { "Thing": { "type": "object", "properties": { "colour": { "type": "string" }, "size": { "type": "string" } } } } } }
            """;
        var withFile = Test(source);
        withFile.TestState.AdditionalFiles.Add(("sub/bunq-openapi.json", openApi));
        withFile.ExpectedDiagnostics.Add(new DiagnosticResult(Diagnostics.DiagnosticDescriptors.BodyPropertyUnknownToBunq).WithLocation(0)
            .WithArguments("Sise", "Thing", "sise", "Thing", "size"));
        await withFile.RunAsync();

        var withoutFile = Test(source.Replace("{|#0:thing|}", "thing", StringComparison.Ordinal).Replace("[Post(\"/user/{userId}/brand-new\")]", "[Post({|BUNQ012:\"/user/{userId}/brand-new\"|})]", StringComparison.Ordinal));
        await withoutFile.RunAsync();

        var brokenFile = Test(source.Replace("{|#0:thing|}", "thing", StringComparison.Ordinal).Replace("[Post(\"/user/{userId}/brand-new\")]", "[Post({|BUNQ012:\"/user/{userId}/brand-new\"|})]", StringComparison.Ordinal));
        brokenFile.TestState.AdditionalFiles.Add(("broken/bunq-openapi.json", "{ \"paths\": "));
        brokenFile.ExpectedDiagnostics.Add(new DiagnosticResult(Diagnostics.DiagnosticDescriptors.UnusableOpenApiFile)
            .WithLocation("broken/bunq-openapi.json", 1, 1)
            .WithArguments("bunq-openapi.json", "JSON: expected a value, not the end of the text at offset 11"));
        await brokenFile.RunAsync();
    }

    [Fact]
    public async Task An_openapi_file_without_paths_is_reported_and_the_embedded_catalogue_stays_in_charge()
    {
        const string source = Usings + """
            [BunqEndpoint, Signed]
            public interface IUsers
            {
                [Get("/user")]
                Task<string> ListAsync(CancellationToken ct = default);

                [Get({|BUNQ012:"/usr"|})]
                Task<string> TypoAsync(CancellationToken ct = default);
            }
            """;
        var test = Test(source);
        test.TestState.AdditionalFiles.Add(("config/bunq-openapi.json", "{ \"openapi\": \"3.0.0\" }"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Diagnostics.DiagnosticDescriptors.UnusableOpenApiFile)
            .WithLocation("config/bunq-openapi.json", 1, 1)
            .WithArguments("bunq-openapi.json", "OpenAPI: the document has no 'paths' object"));
        await test.RunAsync();

        var otherName = Test(source); // only the file name marks the override; any other JSON file is not ours to judge
        otherName.TestState.AdditionalFiles.Add(("config/settings.json", "{ \"openapi\": \"3.0.0\" }"));
        await otherName.RunAsync();
    }

    [Fact]
    public void Every_catalogue_diagnostic_has_a_help_page_a_help_link_and_a_release_entry()
    {
        string root = TestPaths.RepositoryRoot();
        string releases = File.ReadAllText(Path.Combine(root, "src", "Bunq.Generators.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var descriptors = new CatalogueAnalyzer().SupportedDiagnostics;

        Assert.Equal(["BUNQ012", "BUNQ013", "BUNQ014", "BUNQ015", "BUNQ016", "BUNQ021", "BUNQ022"], descriptors.Select(d => d.Id));
        Assert.Empty(descriptors.Select(d => d.Id).Intersect(new Diagnostics.BunqAnalyzer().SupportedDiagnostics.Select(d => d.Id)));
        Assert.All(descriptors, d =>
        {
            Assert.EndsWith("/docs/diagnostics/" + d.Id + ".md", d.HelpLinkUri, StringComparison.Ordinal);
            string page = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", d.Id + ".md"));
            Assert.StartsWith("# " + d.Id + ": " + d.Title, page, StringComparison.Ordinal);
            Assert.Contains($"{d.Id} | Bunq | {d.DefaultSeverity}", releases, StringComparison.Ordinal);
        });
        Assert.Equal(DiagnosticSeverity.Info, Diagnostics.DiagnosticDescriptors.ResponsePropertyUnknownToBunq.DefaultSeverity);
    }

    [Theory]
    [InlineData("CounterpartyAlias")]
    [InlineData("IBAN")]
    [InlineData("IBANNumber")]
    [InlineData("Address2Line")]
    [InlineData("already_snake")]
    [InlineData("X")]
    [InlineData("URLValue2X")]
    [InlineData("with space Here")]
    [InlineData("ÉtéÀ")]
    public void Json_names_are_what_the_runtimes_naming_policy_writes(string name) =>
        Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), JsonNames.SnakeCase(name));

    internal static CSharpAnalyzerTest<CatalogueAnalyzer, DefaultVerifier> Test(params string[] sources)
    {
        var test = new CSharpAnalyzerTest<CatalogueAnalyzer, DefaultVerifier> { ReferenceAssemblies = TestReferences.None };
        foreach (string source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        return test;
    }

    private static Task Verify(params string[] sources) => Test(sources).RunAsync();
}
