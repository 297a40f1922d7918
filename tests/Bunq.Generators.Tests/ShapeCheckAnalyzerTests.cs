using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Bunq.Generators.Tests;

/// <summary>Every declaration the generator skips has a diagnostic: the cases of issue #11, one test each.</summary>
public class ShapeCheckAnalyzerTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        """;

    [Theory]
    [InlineData("IConnection")]
    [InlineData("IManifest")]
    [InlineData("IUserId")]
    [InlineData("IConnectAsync")]
    [InlineData("IDisposeAsync")]
    public Task An_endpoint_named_like_a_generated_member_is_reported(string name) => Verify(Usings + $$"""
        [BunqEndpoint, Signed]
        public interface {|BUNQ017:{{name}}|} { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }

        [BunqClient]
        public partial class Bank;
        """);

    [Fact]
    public Task An_endpoint_named_like_its_client_is_reported_not_dropped() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface {|BUNQ017:IBank|} { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }

        [BunqClient]
        public partial class Bank;

        [BunqClient]
        public partial class OtherBank;
        """);

    [Fact]
    public Task An_endpoint_named_like_a_member_of_the_client_is_reported() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface {|BUNQ017:IPayments|} { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }

        [BunqEndpoint, Signed]
        public interface {|BUNQ017:IDescription|} { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }

        public class BankBase { public override string ToString() => Description; protected string Description => "base"; }

        [BunqClient]
        public partial class Bank : BankBase { public int Payments => 1; }
        """);

    [Fact]
    public Task Clients_that_cannot_be_completed_are_reported() => Verify(Usings + """
        [BunqClient]
        public abstract partial class {|BUNQ007:Abstract|};

        [BunqClient]
        public partial class {|BUNQ007:Connection|};

        [BunqClient]
        public partial class {|BUNQ007:HasUserId|} { public long UserId => 1; }

        public class NeedsArgument { public NeedsArgument(int value) { } }

        [BunqClient]
        public partial class {|BUNQ007:Derived|} : NeedsArgument { public Derived() : base(1) { } }

        [BunqClient]
        public partial class {|BUNQ007:Taken|};

        public static class TakenServiceCollectionExtensions { }

        [BunqClient]
        public partial class {|BUNQ007:OwnConstructor|} { internal OwnConstructor(BunqConnection connection) { } }

        [BunqClient]
        public sealed partial class Fine { public Fine(int unrelated) { } }
        """);

    [Fact]
    public Task Generic_and_hidden_endpoint_interfaces_are_reported() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface {|BUNQ018:IItems|}<T> { [Get("/item")] Task<T> GetAsync(CancellationToken ct = default); }

        public class Holder
        {
            [BunqEndpoint, Signed]
            private interface {|BUNQ018:IHidden|} { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }
        }

        public class Generic<T>
        {
            [BunqEndpoint, Signed]
            public interface {|BUNQ018:INested|} { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }
        }
        """);

    [Fact]
    public Task A_generic_method_is_reported() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IItems
        {
            [Get("/item")]
            Task<T> {|BUNQ019:GetAsync|}<T>(CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task Methods_inherited_from_a_plain_refit_interface_are_checked_at_the_endpoint()
    {
        var test = Test(Usings + """
            public sealed record Filter(string Name);

            public interface IBaseApi
            {
                [Get("/user")]
                Task<string> ListAsync();

                [Get("https://evil.example/user")]
                Task<string> StealAsync(CancellationToken ct = default);

                [Post("/session-server")]
                Task<string> OpenAsync(CancellationToken ct = default);

                [Delete("/user/{id}")]
                Task<string> DeleteAsync(long id, [Body] Filter filter, CancellationToken ct = default);

                Task<string> NoVerbAsync(CancellationToken ct = default);
            }

            [BunqEndpoint]
            public interface {|#0:IUsers|} : IBaseApi
            {
                [Signed, Get("/user/{id}")]
                Task<string> GetAsync(long id, CancellationToken ct = default);
            }
            """);
        DiagnosticResult At(string id, params object[] args) => new DiagnosticResult(id, id == "BUNQ008" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error).WithLocation(0).WithArguments(args);
        test.ExpectedDiagnostics.AddRange([
            At("BUNQ001", "IBaseApi.ListAsync", "IUsers"), At("BUNQ008", "IBaseApi.ListAsync", "IUsers"),
            At("BUNQ001", "IBaseApi.StealAsync", "IUsers"), At("BUNQ003", "https://evil.example/user", "IBaseApi.StealAsync"),
            At("BUNQ001", "IBaseApi.OpenAsync", "IUsers"), At("BUNQ004", "IBaseApi.OpenAsync", "/session-server"),
            At("BUNQ001", "IBaseApi.DeleteAsync", "IUsers"), At("BUNQ009", "IBaseApi.DeleteAsync", "DELETE"),
            At("BUNQ001", "IBaseApi.NoVerbAsync", "IUsers"), At("BUNQ002", "IBaseApi.NoVerbAsync", "IUsers"),
        ]);
        return test.RunAsync();
    }

    [Fact]
    public Task Interface_level_signed_covers_inherited_methods_and_signed_on_a_base_is_not_useless() => Verify(Usings + """
        [Signed]
        public interface ISignedBase
        {
            [Get("/a")]
            Task<string> AAsync(CancellationToken ct = default);
        }

        public interface IPlainBase
        {
            [Signed, Get("/b")]
            Task<string> BAsync(CancellationToken ct = default);

            [Get("/c")]
            Task<string> CAsync(CancellationToken ct = default);
        }

        [BunqEndpoint, Signed]
        public interface IAll : IPlainBase { }

        [BunqEndpoint]
        public interface ISome : ISignedBase { }
        """);

    [Fact]
    public Task A_method_inherited_from_another_endpoint_is_reported_once_at_its_own_interface() => Verify(Usings + """
        [BunqEndpoint]
        public interface IBase
        {
            [Get("/a")]
            Task<string> {|BUNQ001:AAsync|}(CancellationToken ct = default);
        }

        [BunqEndpoint, Signed]
        public interface IDerived : IBase { }
        """);

    [Fact]
    public Task A_name_inherited_twice_is_an_overload() => Verify(Usings + """
        public interface IBase
        {
            [Get("/a")]
            Task<string> GetAsync(CancellationToken ct = default);
        }

        [BunqEndpoint, Signed]
        public interface {|BUNQ005:IUsers|} : IBase
        {
            [Get("/b")]
            Task<string> GetAsync(long id, CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task A_nullable_cancellation_token_satisfies_BUNQ008() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IUsers
        {
            [Get("/user")]
            Task<string> ListAsync(CancellationToken? ct = null);
        }
        """);

    [Theory]
    [InlineData("Get", "/device-server")]
    [InlineData("Get", "/installation/{id}/server-public-key")]
    [InlineData("Put", "/device-server/{id}")]
    [InlineData("Delete", "/session-server")]
    public Task Reading_the_context_routes_is_allowed(string verb, string route) => Verify(Usings + $$"""
        [BunqEndpoint, Signed]
        public interface IDevices
        {
            [{{verb}}("{{route}}")]
            Task<string> CallAsync(long id, CancellationToken ct = default);
        }
        """);

    [Fact]
    public async Task BUNQ002_names_every_refit_verb()
    {
        var test = Test(Usings + """
            [BunqEndpoint, Signed]
            public interface IPayments
            {
                Task<string> {|#0:ListAsync|}(CancellationToken ct = default);
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.MissingHttpVerb).WithLocation(0).WithArguments("ListAsync", "IPayments"));
        await test.RunAsync();

        string message = DiagnosticDescriptors.MissingHttpVerb.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(typeof(Refit.HttpMethodAttribute).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Refit.HttpMethodAttribute))),
            verb => Assert.Contains("[" + verb.Name[..^"Attribute".Length] + "]", message, StringComparison.Ordinal));
    }

    internal static CSharpAnalyzerTest<BunqAnalyzer, DefaultVerifier> Test(string source)
    {
        var test = new CSharpAnalyzerTest<BunqAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.None,
            TestCode = source,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        return test;
    }

    private static Task Verify(string source) => Test(source).RunAsync();
}
