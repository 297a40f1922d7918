using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Bunq.Generators.Tests;

public class AnalyzerTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        """;

    [Fact]
    public Task The_design_sample_is_clean() => Verify(Sources.Bank);

    [Fact]
    public Task Unsigned_endpoint_is_a_build_error_at_the_method() => Verify(Usings + """
        [BunqEndpoint]
        public interface IPayments
        {
            [Get("/user/{userId}/payment")]
            Task<string> {|BUNQ001:ListAsync|}(long userId, CancellationToken ct = default);

            [Signed, Get("/user/{userId}/payment/{id}")]
            Task<string> GetAsync(long userId, long id, CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task Interface_level_signed_covers_every_method() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Get("/user/{userId}/payment")]
            Task<string> ListAsync(long userId, CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task A_method_without_verb_is_reported() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            Task<string> {|BUNQ002:ListAsync|}(CancellationToken ct = default);
        }
        """);

    [Theory]
    [InlineData("https://api.bunq.com/v1/user")]
    [InlineData("http://evil.example/user")]
    [InlineData("//evil.example/user")]
    [InlineData("user")]
    [InlineData("/user\\\\x")]
    public Task A_route_that_is_not_relative_is_reported(string route) => Verify(Usings + $$"""
        [BunqEndpoint, Signed]
        public interface IUsers
        {
            [Get({|BUNQ003:"{{route}}"|})]
            Task<string> ListAsync(CancellationToken ct = default);
        }
        """);

    [Theory]
    [InlineData("/installation")]
    [InlineData("/device-server")]
    [InlineData("/v1/session-server")]
    [InlineData("/session-server?x=1")]
    public Task A_context_creation_route_is_reported(string route) => Verify(Usings + $$"""
        [BunqEndpoint, Signed]
        public interface IContext
        {
            [Post({|BUNQ004:"{{route}}"|})]
            Task<string> CreateAsync(CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task Similar_but_harmless_routes_are_not_context_creation() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IOther
        {
            [Get("/installation-history")]
            Task<string> AAsync(CancellationToken ct = default);

            [Get("/user/{id}/session-server-log")]
            Task<string> BAsync(long id, CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task Overloads_are_reported_on_the_repeats() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IUsers
        {
            [Get("/user")]
            Task<string> GetAsync(CancellationToken ct = default);

            [Get("/user/{id}")]
            Task<string> {|BUNQ005:GetAsync|}(long id, CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task Signed_outside_an_endpoint_interface_is_a_warning() => Verify(Usings + """
        [{|BUNQ006:Signed|}]
        public interface INotAnEndpoint
        {
            [{|BUNQ006:Signed|}, Get("/user")]
            Task<string> ListAsync(CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task Client_that_is_not_a_partial_class_is_reported() => Verify(Usings + """
        [BunqClient]
        public class {|BUNQ007:NotPartial|} { }

        [BunqClient]
        public static partial class {|BUNQ007:Static|} { }

        [BunqClient]
        public partial class {|BUNQ007:Generic|}<T> { }

        public partial class Outer
        {
            [BunqClient]
            public partial class {|BUNQ007:Nested|} { }
        }

        [BunqClient]
        public partial class Fine { }
        """);

    [Fact]
    public Task A_method_without_cancellation_token_is_a_warning() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IUsers
        {
            [Get("/user")]
            Task<string> {|BUNQ008:ListAsync|}();
        }
        """);

    [Fact]
    public Task A_body_on_get_is_reported() => Verify(Usings + """
        public sealed record Filter(string Name);

        [BunqEndpoint, Signed]
        public interface IUsers
        {
            [Get("/user")]
            Task<string> ListAsync([Body] Filter {|BUNQ009:filter|}, CancellationToken ct = default);

            [Post("/user/{id}/thing")]
            Task<string> CreateAsync(long id, [Body] Filter filter, CancellationToken ct = default);
        }
        """);

    [Theory]
    [InlineData("build_property.DisableRefitSourceGenerator = true")]
    [InlineData("build_property.RefitGeneratedRequestBuilding = false")]
    public async Task Refit_generator_switched_off_is_reported_on_the_client(string property)
    {
        var test = ShapeCheckAnalyzerTests.Test(Usings + """
            [{|BUNQ010:BunqClient|}]
            public partial class Bank;
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + property + "\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Refit_generator_on_is_silent()
    {
        var test = ShapeCheckAnalyzerTests.Test(Usings + """
            [BunqClient]
            public partial class Bank;
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.RefitGeneratedRequestBuilding = true\nbuild_property.DisableRefitSourceGenerator = false\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task Two_interfaces_with_one_property_name_are_reported() => Verify(Usings + """
        namespace A
        {
            [BunqEndpoint, Signed]
            public interface IUsers { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }
        }

        namespace B
        {
            [BunqEndpoint, Signed]
            public interface {|BUNQ011:IUsers|} { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }
        }
        """);

    [Fact]
    public Task Code_without_the_runtime_reference_is_ignored() => Verify("""
        public interface IPlain { void M(); }
        """);

    private static Task Verify(string source) => ShapeCheckAnalyzerTests.Test(source).RunAsync();
}
