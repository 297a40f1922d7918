using Bunq.Generators.Catalogue;
using Bunq.Generators.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Bunq.Generators.Tests;

public class CatalogueCodeFixTests
{
    private const string Usings = CatalogueAnalyzerTests.Usings;

    [Fact]
    public Task A_misspelled_route_is_replaced_by_the_nearest_with_the_methods_placeholder_names() => VerifyFix<RouteCodeFix>(Usings + """
        [BunqEndpoint, Signed]
        public interface IAccounts
        {
            [Get({|BUNQ012:"/user/{userId}/monetary-acount-bank"|})]
            Task<string> ListAsync(long userId, CancellationToken ct = default);
        }
        """, Usings + """
        [BunqEndpoint, Signed]
        public interface IAccounts
        {
            [Get("/user/{userId}/monetary-account-bank")]
            Task<string> ListAsync(long userId, CancellationToken ct = default);
        }
        """, "Bunq.Route.Nearest.0");

    [Fact]
    public Task Fix_all_replaces_every_misspelled_route_and_drops_every_version_prefix() => Task.WhenAll(
        VerifyFix<RouteCodeFix>(Usings + """
            [BunqEndpoint, Signed]
            public interface IAccounts
            {
                [Get({|BUNQ012:"/user/{userId}/monetary-acount-bank"|})]
                Task<string> ListAsync(long userId, CancellationToken ct = default);

                [Get({|BUNQ012:"/user/{userId}/monetary-account-bank/{id}/payments"|})]
                Task<string> PaymentsAsync(long userId, long id, CancellationToken ct = default);
            }
            """, Usings + """
            [BunqEndpoint, Signed]
            public interface IAccounts
            {
                [Get("/user/{userId}/monetary-account-bank")]
                Task<string> ListAsync(long userId, CancellationToken ct = default);

                [Get("/user/{userId}/monetary-account/{id}/payment")]
                Task<string> PaymentsAsync(long userId, long id, CancellationToken ct = default);
            }
            """, "Bunq.Route.Nearest.0", fixAll: true),
        VerifyFix<RouteCodeFix>(Usings + """
            [BunqEndpoint, Signed]
            public interface IUsers
            {
                [Get({|BUNQ015:"/v1/user"|})]
                Task<string> ListAsync(CancellationToken ct = default);

                [Get({|BUNQ015:"/v1/user/{userId}"|})]
                Task<string> GetAsync(long userId, CancellationToken ct = default);
            }
            """, Usings + """
            [BunqEndpoint, Signed]
            public interface IUsers
            {
                [Get("/user")]
                Task<string> ListAsync(CancellationToken ct = default);

                [Get("/user/{userId}")]
                Task<string> GetAsync(long userId, CancellationToken ct = default);
            }
            """, "Bunq.Route.DropVersion", fixAll: true));

    [Fact]
    public Task A_misspelled_positional_body_property_is_renamed_everywhere() => VerifyFix<RenameBodyPropertyCodeFix>(Usings + """
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment {|BUNQ014:payment|}, CancellationToken ct = default);
        }

        public sealed record NewPayment(BunqAmount Amount, BunqPointer CounterpartyAllias, string Description)
        {
            [JsonIgnore]
            public string Name => CounterpartyAllias.Value;
        }
        """, Usings + """
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment payment, CancellationToken ct = default);
        }

        public sealed record NewPayment(BunqAmount Amount, BunqPointer CounterpartyAlias, string Description)
        {
            [JsonIgnore]
            public string Name => CounterpartyAlias.Value;
        }
        """, "Bunq.RenameBodyProperty");

    [Fact]
    public Task A_property_named_by_json_property_name_gets_the_attributes_value_fixed() => VerifyFix<RenameBodyPropertyCodeFix>(Usings + """
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment {|BUNQ014:payment|}, CancellationToken ct = default);
        }

        public sealed class NewPayment
        {
            [JsonPropertyName("descripton")]
            public string Text { get; init; } = "";
        }
        """, Usings + """
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment payment, CancellationToken ct = default);
        }

        public sealed class NewPayment
        {
            [JsonPropertyName("description")]
            public string Text { get; init; } = "";
        }
        """, "Bunq.RenameBodyProperty");

    private static Task VerifyFix<TFix>(string source, string fixedSource, string equivalenceKey, bool fixAll = false)
        where TFix : CodeFixProvider, new() =>
        CodeFixVerifier<CatalogueAnalyzer, TFix>.VerifyAsync(source, fixedSource, equivalenceKey, fixAll);
}
