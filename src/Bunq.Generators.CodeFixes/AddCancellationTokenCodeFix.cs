using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Bunq.Generators.CodeFixes;

/// <summary>BUNQ008: adds <c>CancellationToken cancellationToken = default</c> as the last parameter.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCancellationTokenCodeFix)), Shared]
public sealed class AddCancellationTokenCodeFix : CodeFixProvider
{
    private const string Key = "Bunq.AddCancellationToken";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingCancellationToken);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DocumentEdits.PerDocument((document, diagnostics, _, token) => Apply(document, diagnostics, token));

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (DocumentEdits.MethodAt(root, diagnostic) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Add a CancellationToken parameter", token => Apply(context.Document, [diagnostic], token), Key),
                diagnostic);
        }
    }

    private static Task<Document> Apply(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        DocumentEdits.EditAsync(document, (root, endOfLine) =>
        {
            var methods = diagnostics.Select(d => DocumentEdits.MethodAt(root, d)).Where(m => m is not null).Select(m => m!).Distinct().ToList();
            SyntaxNode updated = root.ReplaceNodes(methods, (_, method) => method.AddParameterListParameters(
                Parameter(Identifier(AttributeEditor.UniqueParameterName(method, "cancellationToken")))
                    .WithType(IdentifierName("CancellationToken").WithTrailingTrivia(Space))
                    .WithDefault(EqualsValueClause(LiteralExpression(SyntaxKind.DefaultLiteralExpression)))));
            return AttributeEditor.EnsureUsing(updated, "System.Threading", endOfLine);
        }, cancellationToken);
}
