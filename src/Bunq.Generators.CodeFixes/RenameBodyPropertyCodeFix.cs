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
using Microsoft.CodeAnalysis.Rename;

namespace Bunq.Generators.CodeFixes;

/// <summary>
/// BUNQ014: renames a body property to the nearest field bunq has. A property named by <c>[JsonPropertyName]</c> gets
/// the attribute's value changed instead; otherwise the property is renamed (everywhere, as the IDE's rename does) to
/// the PascalCase name the runtime's snake_case policy turns into bunq's field. Fix All does not apply: each rename is
/// a solution-wide edit of its own.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameBodyPropertyCodeFix)), Shared]
public sealed class RenameBodyPropertyCodeFix : CodeFixProvider
{
    private const string Key = "Bunq.RenameBodyProperty";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BodyPropertyUnknownToBunq);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (model is null
                || !diagnostic.Properties.TryGetValue(CatalogueAnalyzer.FieldProperty, out string? field) || string.IsNullOrEmpty(field)
                || Property(model, diagnostic) is not { } property)
            {
                continue;
            }

            if (JsonNameLiteral(property, context.CancellationToken) is { } literal)
            {
                context.RegisterCodeFix(CodeAction.Create($"Send '{property.Name}' as '{field}'",
                    token => SetJsonName(context.Document, literal, field!, token), Key), diagnostic);
                continue;
            }

            string name = JsonNames.Pascal(field!);
            if (JsonNames.SnakeCase(name) != field || !SyntaxFacts.IsValidIdentifier(name))
            {
                continue; // no C# name the snake_case policy turns into this field; [JsonPropertyName] is the way, left to the user
            }

            context.RegisterCodeFix(CodeAction.Create($"Rename '{property.Name}' to '{name}' (sent as '{field}')",
                token => Renamer.RenameSymbolAsync(context.Document.Project.Solution, property, new SymbolRenameOptions(), name, token), Key), diagnostic);
        }
    }

    /// <summary>The property the analyzer named: the diagnostic lies at the [Body] parameter, the property may be in another file.</summary>
    private static IPropertySymbol? Property(SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(CatalogueAnalyzer.TypeProperty, out string? typeId) || typeId is null
            || !diagnostic.Properties.TryGetValue(CatalogueAnalyzer.PropertyProperty, out string? name) || name is null)
        {
            return null;
        }

        return DocumentationCommentId.GetFirstSymbolForDeclarationId(typeId, model.Compilation) is INamedTypeSymbol type
            ? type.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault(p => p.Locations.Any(l => l.IsInSource))
            : null;
    }

    /// <summary>The string literal of the property's own [JsonPropertyName("...")], in source.</summary>
    private static LiteralExpressionSyntax? JsonNameLiteral(IPropertySymbol property, CancellationToken cancellationToken)
    {
        AttributeData? named = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonPropertyNameAttribute");
        return named?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: 1 } arguments } && arguments[0].Expression is LiteralExpressionSyntax literal
            ? literal
            : null;
    }

    private static async Task<Solution> SetJsonName(Document document, LiteralExpressionSyntax literal, string field, CancellationToken cancellationToken)
    {
        Document target = document.Project.Solution.GetDocument(literal.SyntaxTree) ?? document;
        SyntaxNode root = (await target.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        LiteralExpressionSyntax replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(field)).WithTriviaFrom(literal);
        return target.WithSyntaxRoot(root.ReplaceNode(literal, replacement)).Project.Solution;
    }
}
