using Bunq.Generators.CodeFixes;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Bunq.Generators.Tests;

public class CodeFixTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        """;

    [Fact]
    public Task Adds_signed_to_the_method() => VerifyFix<AddSignedCodeFix>(Usings + """
        [BunqEndpoint]
        public interface IPayments
        {
            // lists payments
            [Get("/user/{userId}/payment")]
            Task<string> {|BUNQ001:ListAsync|}(long userId, CancellationToken ct = default);
        }
        """, Usings + """
        [BunqEndpoint]
        public interface IPayments
        {
            // lists payments
            [Signed]
            [Get("/user/{userId}/payment")]
            Task<string> ListAsync(long userId, CancellationToken ct = default);
        }
        """, equivalenceKey: "Bunq.AddSigned.Method");

    [Fact]
    public Task Adds_signed_to_the_interface() => VerifyFix<AddSignedCodeFix>(Usings + """
        [BunqEndpoint]
        public interface IPayments
        {
            [Get("/user/{userId}/payment")]
            Task<string> {|BUNQ001:ListAsync|}(long userId, CancellationToken ct = default);
        }
        """, Usings + """
        [Signed]
        [BunqEndpoint]
        public interface IPayments
        {
            [Get("/user/{userId}/payment")]
            Task<string> ListAsync(long userId, CancellationToken ct = default);
        }
        """, equivalenceKey: "Bunq.AddSigned.Interface");

    [Fact]
    public Task Fix_all_signs_every_method_in_the_document() => VerifyFix<AddSignedCodeFix>(Usings + """
        [BunqEndpoint]
        public interface IPayments
        {
            [Get("/a")]
            Task<string> {|BUNQ001:AAsync|}(CancellationToken ct = default);

            [Get("/b")]
            Task<string> {|BUNQ001:BAsync|}(CancellationToken ct = default);
        }

        [BunqEndpoint]
        public interface IUsers
        {
            [Get("/user")]
            Task<string> {|BUNQ001:ListAsync|}(CancellationToken ct = default);
        }
        """, Usings + """
        [BunqEndpoint]
        public interface IPayments
        {
            [Signed]
            [Get("/a")]
            Task<string> AAsync(CancellationToken ct = default);

            [Signed]
            [Get("/b")]
            Task<string> BAsync(CancellationToken ct = default);
        }

        [BunqEndpoint]
        public interface IUsers
        {
            [Signed]
            [Get("/user")]
            Task<string> ListAsync(CancellationToken ct = default);
        }
        """, equivalenceKey: "Bunq.AddSigned.Method", fixAll: true);

    [Fact]
    public Task Fix_all_at_interface_level_signs_each_interface_once() => VerifyFix<AddSignedCodeFix>(Usings + """
        [BunqEndpoint]
        public interface IPayments
        {
            [Get("/a")]
            Task<string> {|BUNQ001:AAsync|}(CancellationToken ct = default);

            [Get("/b")]
            Task<string> {|BUNQ001:BAsync|}(CancellationToken ct = default);
        }
        """, Usings + """
        [Signed]
        [BunqEndpoint]
        public interface IPayments
        {
            [Get("/a")]
            Task<string> AAsync(CancellationToken ct = default);

            [Get("/b")]
            Task<string> BAsync(CancellationToken ct = default);
        }
        """, equivalenceKey: "Bunq.AddSigned.Interface", fixAll: true);

    [Fact]
    public Task An_inherited_unsigned_method_is_fixed_at_the_endpoint_interface() => VerifyFix<AddSignedCodeFix>(Usings + """
        public interface IBase
        {
            [Get("/a")]
            Task<string> AAsync(CancellationToken ct = default);
        }

        [BunqEndpoint]
        public interface {|BUNQ001:IUsers|} : IBase
        {
        }
        """, Usings + """
        public interface IBase
        {
            [Get("/a")]
            Task<string> AAsync(CancellationToken ct = default);
        }

        [Signed]
        [BunqEndpoint]
        public interface IUsers : IBase
        {
        }
        """, equivalenceKey: "Bunq.AddSigned.Interface");

    [Fact]
    public async Task No_cancellation_token_fix_is_offered_for_an_inherited_method()
    {
        const string source = Usings + """
            public interface IBase
            {
                [Get("/a")]
                Task<string> AAsync();
            }

            [BunqEndpoint, Signed]
            public interface {|BUNQ008:IUsers|} : IBase
            {
            }
            """;
        var test = new CSharpCodeFixTest<BunqAnalyzer, AddCancellationTokenCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.None,
            TestCode = source,
            FixedCode = source,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        await test.RunAsync();
    }

    [Fact]
    public Task Adds_the_using_when_missing() => VerifyFix<AddSignedCodeFix>("""
        using System.Threading;
        using System.Threading.Tasks;
        using Refit;

        [Bunq.BunqEndpoint]
        public interface IUsers
        {
            [Get("/user")]
            Task<string> {|BUNQ001:ListAsync|}(CancellationToken ct = default);
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using Refit;
        using Bunq;

        [Bunq.BunqEndpoint]
        public interface IUsers
        {
            [Signed]
            [Get("/user")]
            Task<string> ListAsync(CancellationToken ct = default);
        }
        """, equivalenceKey: "Bunq.AddSigned.Method");

    [Fact]
    public Task Adds_a_cancellation_token_everywhere_with_fix_all() => VerifyFix<AddCancellationTokenCodeFix>("""
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        [BunqEndpoint, Signed]
        public interface IUsers
        {
            [Get("/user")]
            Task<string> {|BUNQ008:ListAsync|}();

            [Get("/user/{cancellationToken}")]
            Task<string> {|BUNQ008:GetAsync|}(string cancellationToken);
        }
        """, """
        using System.Threading.Tasks;
        using Bunq;
        using Refit;
        using System.Threading;

        [BunqEndpoint, Signed]
        public interface IUsers
        {
            [Get("/user")]
            Task<string> ListAsync(CancellationToken cancellationToken = default);

            [Get("/user/{cancellationToken}")]
            Task<string> GetAsync(string cancellationToken, CancellationToken cancellationToken2 = default);
        }
        """, equivalenceKey: "Bunq.AddCancellationToken", fixAll: true);

    private static Task VerifyFix<TFix>(string source, string fixedSource, string equivalenceKey, bool fixAll = false)
        where TFix : CodeFixProvider, new() =>
        CodeFixVerifier<BunqAnalyzer, TFix>.VerifyAsync(source, fixedSource, equivalenceKey, fixAll);
}
