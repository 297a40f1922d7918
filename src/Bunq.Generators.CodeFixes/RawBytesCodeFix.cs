using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bunq.Generators.Catalogue;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Bunq.Generators.CodeFixes;

/// <summary>
/// BUNQ022, where the fix is plain: an upload's JSON body becomes <c>HttpContent</c> (which carries the file's
/// Content-Type), a content read returns <c>Task&lt;Stream&gt;</c>, and a missing required header becomes a
/// <c>[Header("…")] string</c> parameter before the CancellationToken. A raw body sent to a JSON route has no obvious
/// fix (it needs a type bunq's object describes) and gets none.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RawBytesCodeFix)), Shared]
public sealed class RawBytesCodeFix : CodeFixProvider
{
    private const string KeyPrefix = "Bunq.Raw.";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.RawBytesMismatch);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DocumentEdits.PerDocument((document, diagnostics, key, token) =>
        Apply(document, diagnostics.Where(d => KeyPrefix + Kind(d) == key), token));

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            string? title = Kind(diagnostic) switch
            {
                RawBytesCheck.RawBodyFix => "Send the body as HttpContent (raw bytes)",
                RawBytesCheck.RawAnswerFix => "Read the answer as a Stream (raw bytes)",
                RawBytesCheck.HeaderFix => $"Add a [Header(\"{diagnostic.Properties[RawBytesCheck.HeaderProperty]}\")] parameter",
                _ => null,
            };
            if (title is null || DocumentEdits.MethodAt(root, diagnostic) is null)
            {
                continue;
            }

            context.RegisterCodeFix(CodeAction.Create(title, token => Apply(context.Document, [diagnostic], token), KeyPrefix + Kind(diagnostic)), diagnostic);
        }
    }

    private static string? Kind(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(RawBytesCheck.FixProperty, out string? kind) ? kind : null;

    private static Task<Document> Apply(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        DocumentEdits.EditAsync(document, (root, endOfLine) =>
        {
            var byMethod = diagnostics
                .Select(d => (Diagnostic: d, Method: DocumentEdits.MethodAt(root, d)))
                .Where(x => x.Method is not null)
                .GroupBy(x => x.Method!, x => x.Diagnostic)
                .ToDictionary(g => g.Key, g => g.ToList());
            var usings = new HashSet<string>();
            SyntaxNode updated = root.ReplaceNodes(byMethod.Keys, (original, method) =>
            {
                foreach (Diagnostic diagnostic in byMethod[original])
                {
                    method = Fix(method, original, diagnostic, usings);
                }

                return method;
            });
            foreach (string ns in usings.OrderBy(n => n, System.StringComparer.Ordinal))
            {
                updated = AttributeEditor.EnsureUsing(updated, ns, endOfLine);
            }

            return updated;
        }, cancellationToken);

    /// <summary>One diagnostic's fix on <paramref name="method"/> (already changed by earlier fixes; <paramref name="original"/> holds the spans).</summary>
    private static MethodDeclarationSyntax Fix(MethodDeclarationSyntax method, MethodDeclarationSyntax original, Diagnostic diagnostic, HashSet<string> usings)
    {
        switch (Kind(diagnostic))
        {
            case RawBytesCheck.RawBodyFix:
                int index = original.ParameterList.Parameters.IndexOf(p => p.Span.Contains(diagnostic.Location.SourceSpan));
                if (index < 0 || method.ParameterList.Parameters[index].Type is not { } bodyType)
                {
                    return method;
                }

                usings.Add("System.Net.Http");
                return method.ReplaceNode(bodyType, IdentifierName("HttpContent").WithTriviaFrom(bodyType));
            case RawBytesCheck.RawAnswerFix when method.ReturnType is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } task:
                usings.Add("System.IO");
                return method.WithReturnType(task.WithTypeArgumentList(TypeArgumentList(SingletonSeparatedList<TypeSyntax>(IdentifierName("Stream")))));
            case RawBytesCheck.HeaderFix when diagnostic.Properties[RawBytesCheck.HeaderProperty] is { } header:
                usings.Add("Refit");
                ParameterSyntax parameter = Parameter(Identifier(AttributeEditor.UniqueParameterName(method, "description")))
                    .WithType(PredefinedType(Token(SyntaxKind.StringKeyword)).WithTrailingTrivia(Space))
                    .AddAttributeLists(AttributeList(SingletonSeparatedList(Attribute(IdentifierName("Header"),
                        AttributeArgumentList(SingletonSeparatedList(AttributeArgument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(header)))))))).WithTrailingTrivia(Space));
                SeparatedSyntaxList<ParameterSyntax> parameters = method.ParameterList.Parameters;
                int last = parameters.Count - 1;
                // Before a trailing CancellationToken, which by convention comes last.
                int at = last >= 0 && parameters[last].Type?.ToString() is "CancellationToken" or "System.Threading.CancellationToken" ? last : parameters.Count;
                return method.WithParameterList(method.ParameterList.WithParameters(parameters.Insert(at, parameter)));
            default:
                return method;
        }
    }
}
