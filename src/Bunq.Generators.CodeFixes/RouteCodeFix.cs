using System;
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

namespace Bunq.Generators.CodeFixes;

/// <summary>
/// BUNQ012: replaces an unknown route with one of the nearest routes bunq has; BUNQ015: drops the /v1 prefix. The
/// analyzer puts the replacement routes in the diagnostic, so the fix never re-reads the catalogue. Only a string
/// literal route is rewritten (a constant may be shared with other code).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RouteCodeFix)), Shared]
public sealed class RouteCodeFix : CodeFixProvider
{
    private const string NearestKey = "Bunq.Route.Nearest.";
    private const string DropVersionKey = "Bunq.Route.DropVersion";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.RouteUnknownToBunq, DiagnosticIds.RouteRepeatsVersion);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (Literal(root, diagnostic) is null
                || !diagnostic.Properties.TryGetValue(CatalogueAnalyzer.RoutesProperty, out string? routes) || string.IsNullOrEmpty(routes))
            {
                continue;
            }

            string[] choices = routes!.Split('\n');
            bool dropVersion = diagnostic.Id == DiagnosticIds.RouteRepeatsVersion;
            for (int i = 0; i < choices.Length; i++)
            {
                string route = choices[i];
                string title = dropVersion ? $"Drop /v1: '{route}'" : $"Use bunq's route '{route}'";
                // Fix All applies the first (nearest) suggestion everywhere; the others are offered one by one.
                string key = dropVersion ? DropVersionKey : NearestKey + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.RegisterCodeFix(CodeAction.Create(title, token => Replace(context.Document, diagnostic, route, token), key), diagnostic);
            }
        }
    }

    private static Task<Document> Replace(Document document, Diagnostic diagnostic, string route, CancellationToken cancellationToken) =>
        DocumentEdits.EditAsync(document, (root, _) => Literal(root, diagnostic) is { } literal
            ? root.ReplaceNode(literal, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(route)).WithTriviaFrom(literal))
            : root, cancellationToken);

    private static LiteralExpressionSyntax? Literal(SyntaxNode? root, Diagnostic diagnostic) =>
        root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) switch
        {
            AttributeArgumentSyntax { Expression: LiteralExpressionSyntax literal } when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal,
            LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal,
            _ => null,
        };
}
