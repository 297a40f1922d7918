using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Bunq.Catalogue;
using Bunq.Generators.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Bunq.Generators.Tests;

public class GenerateDtoCodeFixTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        """;

    [Fact]
    public Task A_missing_body_type_is_written_with_the_fields_bunq_accepts() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] {|CS0246:NewPayment|} payment, CancellationToken ct = default);
        }
        """, Usings.TrimEnd('\n') + """

        using System.Collections.Generic;
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment payment, CancellationToken ct = default);
        }

        /// <summary>bunq's Payment (request), generated from bunq's API description.</summary>
        public sealed record NewPayment
        {
            public BunqAmount? Amount { get; init; }

            public BunqPointer? CounterpartyAlias { get; init; }

            public string? Description { get; init; }

            public IReadOnlyList<AttachmentMonetaryAccountPayment>? Attachment { get; init; }

            public string? MerchantReference { get; init; }

            public bool? AllowBunqto { get; init; }
        }

        /// <summary>bunq's AttachmentMonetaryAccountPayment (request), generated from bunq's API description.</summary>
        public sealed record AttachmentMonetaryAccountPayment
        {
            public long? Id { get; init; }
        }
        """);

    [Fact]
    public async Task Required_fields_are_required_a_wrapped_response_is_the_object_inside_and_the_result_compiles()
    {
        string fixedSource = await ApplyEveryFix(Usings + """
            [BunqEndpoint, Signed]
            public interface IAccounts
            {
                [Post("/user/{userId}/monetary-account-bank")]
                Task<Created> CreateAsync(long userId, [Body] NewAccount body, CancellationToken ct = default);

                [Get("/user/{userId}/monetary-account-bank/{id}")]
                Task<BunqList<Account>> GetAsync(long userId, long id, CancellationToken ct = default);

                [Post("/user/{userId}/card-debit")]
                Task<BunqId> OrderCardAsync(long userId, [Body] NewCard card, CancellationToken ct = default);
            }
            """);

        // POST monetary-account-bank answers {"Id": {"id": N}}: the method reads the object inside.
        Assert.Contains("public sealed record Created\n{\n    public long? Id { get; init; }\n}", fixedSource, StringComparison.Ordinal);
        Assert.Contains("public required string NameOnCard { get; init; }", fixedSource, StringComparison.Ordinal); // bunq requires it
        Assert.Contains("public string? PreferredNameOnCard { get; init; }", fixedSource, StringComparison.Ordinal);
        string newAccount = fixedSource[fixedSource.IndexOf("record NewAccount", StringComparison.Ordinal)..];
        newAccount = newAccount[..newAccount.IndexOf("\n}", StringComparison.Ordinal)];
        Assert.DoesNotContain(" Balance ", newAccount, StringComparison.Ordinal); // read-only: not something bunq accepts
        Assert.Contains("public BunqAmount? Balance { get; init; }", fixedSource, StringComparison.Ordinal); // the response has it
    }

    [Fact]
    public async Task The_generated_response_type_compiles_and_round_trips_the_emulators_payment()
    {
        // A payment as the emulator writes it (its PaymentRoutes.PaymentItem), inside the envelope's "Payment" key.
        const string payment = """
            {"id":7,"created":"2026-12-01 10:15:00.000000","updated":"2026-12-01 10:15:00.000000","monetary_account_id":3,
             "amount":{"value":"-12.50","currency":"EUR"},"description":"Lunch","type":"BUNQ",
             "alias":{"iban":"NL11BUNQ0000000001","display_name":"Main"},
             "counterparty_alias":{"iban":"NL22BUNQ0000000002","display_name":"Sugar Daddy"}}
            """;
        BunqOperation list = BunqCatalogue.Embedded.Find("GET", "/user/{u}/monetary-account/{a}/payment")!;
        var writer = new DtoWriter(BunqCatalogue.Embedded, request: false, _ => false, "\n");
        string source = "using System.Collections.Generic;\nusing System.Text.Json.Serialization;\nusing Bunq;\nnamespace Generated;\n\n"
            + writer.Write("Payment", BunqCatalogue.Embedded.Type(list.ResponseType)!);

        var compilation = TestReferences.Compilation(source);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("generated-dto", isCollectible: true);
        try
        {
            image.Position = 0;
            Type type = context.LoadFromStream(image).GetType("Generated.Payment")!;
            var options = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            };

            object read = JsonSerializer.Deserialize(payment, type, options)!;
            string written = JsonSerializer.Serialize(read, type, options);

            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(payment), JsonNode.Parse(written)), written);
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task Verify(string source, string fixedSource)
    {
        var test = new CSharpCodeFixTest<EmptyDiagnosticAnalyzer, GenerateDtoCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.None,
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = "Bunq.GenerateDto",
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllCheck,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        await test.RunAsync();
    }

    /// <summary>Applies the fix to each CS0246 in turn, as a user would, and asserts the result compiles.</summary>
    private static async Task<string> ApplyEveryFix(string source)
    {
        using var workspace = new AdhocWorkspace();
        Project project = workspace.AddProject("Fix", LanguageNames.CSharp)
            .WithMetadataReferences(TestReferences.All)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest));
        Document document = project.AddDocument("Endpoints.cs", source);
        for (int fixes = 0; ; fixes++)
        {
            Compilation compilation = (await document.Project.GetCompilationAsync())!;
            Diagnostic? missing = compilation.GetDiagnostics().FirstOrDefault(d => d.Id == "CS0246");
            if (missing is null)
            {
                Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
                Assert.True(fixes >= 2, $"{fixes} fixes applied");
                return (await document.GetTextAsync()).ToString();
            }

            CodeAction? action = null;
            await new GenerateDtoCodeFix().RegisterCodeFixesAsync(new CodeFixContext(document, missing, (a, _) => action ??= a, CancellationToken.None));
            Assert.True(action is not null, $"no fix offered for {missing}");
            var apply = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
            document = apply.ChangedSolution.GetDocument(document.Id)!;
        }
    }
}
