using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bunq.Catalogue;
using Bunq.Generators.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bunq.Generators.CodeFixes;

/// <summary>
/// CS0246 on the [Body] type or the response type of a [BunqEndpoint] method: "Generate 'NewPayment' from bunq's schema"
/// writes the record (and the nested records it needs) from the operation's object in bunq's API catalogue, after the
/// endpoint interface. The operation is found from the method's verb attribute and its literal route.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GenerateDtoCodeFix)), Shared]
public sealed class GenerateDtoCodeFix : CodeFixProvider
{
    private const string Key = "Bunq.GenerateDto";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("CS0246");

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not IdentifierNameSyntax missing
                || missing.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { Parent: InterfaceDeclarationSyntax endpoint } method
                || !HasAttribute(endpoint.AttributeLists, "BunqEndpoint"))
            {
                continue;
            }

            BunqCatalogue catalogue = CatalogueSource.For(context.Document.Project.AnalyzerOptions.AdditionalFiles, context.CancellationToken);
            if (Target(catalogue, method, missing) is not { } target)
            {
                continue;
            }

            string name = missing.Identifier.ValueText;
            context.RegisterCodeFix(CodeAction.Create($"Generate '{name}' from bunq's schema ({target.Type.Name})",
                token => Generate(context.Document, endpoint, name, target.Type, target.Request, catalogue, token), Key), diagnostic);
        }
    }

    /// <summary>
    /// The bunq object the missing type stands for: the request object for a [Body] parameter, else the response object;
    /// none where bunq's operation takes or answers raw bytes.
    /// </summary>
    private static (BunqObjectType Type, bool Request)? Target(BunqCatalogue catalogue, MethodDeclarationSyntax method, IdentifierNameSyntax missing)
    {
        foreach (AttributeSyntax attribute in method.AttributeLists.SelectMany(l => l.Attributes))
        {
            string verb = Name(attribute).ToUpperInvariant();
            if (attribute.ArgumentList?.Arguments.FirstOrDefault()?.Expression is not LiteralExpressionSyntax { Token.Value: string route }
                || catalogue.Find(verb, route) is not { } operation)
            {
                continue;
            }

            bool inBody = missing.FirstAncestorOrSelf<ParameterSyntax>() is { } parameter && HasAttribute(parameter.AttributeLists, "Body");
            bool inReturn = method.ReturnType.Span.Contains(missing.Span);
            // Raw bytes, not JSON: an upload's body or a file's answer has no object to describe (BUNQ022 says what to declare).
            if (inBody && !operation.Facts.RawBody && catalogue.Type(operation.RequestType) is { IsDescribed: true } request)
            {
                return (request, true);
            }

            if (inReturn && !operation.Facts.RawAnswer && catalogue.Type(operation.ResponseType) is { IsDescribed: true } response)
            {
                // bunq's description gives some responses as the envelope's wrapper ({"Id": BunqId}); the method reads the object inside.
                bool wrapper = response.Fields.All(f => f.Name.Length > 0 && char.IsUpper(f.Name[0]) && !f.IsArray && catalogue.Type(f.ObjectType) is not null);
                return (wrapper ? catalogue.Type(response.Fields[0].ObjectType)! : response, false);
            }
        }

        return null;
    }

    private static async Task<Document> Generate(Document document, InterfaceDeclarationSyntax endpoint, string name, BunqObjectType type, bool request,
        BunqCatalogue catalogue, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        string newLine = AttributeEditor.EndOfLine(root).ToFullString();
        int position = endpoint.SpanStart;
        var writer = new DtoWriter(catalogue, request, n => model?.LookupNamespacesAndTypes(position, name: n).Any() == true, newLine);
        string text = writer.Write(name, type);

        SyntaxNode anchor = root.FindNode(endpoint.Span).FirstAncestorOrSelf<InterfaceDeclarationSyntax>() ?? endpoint;
        // One blank line between the interface and the first record, whether or not the interface's line already ended.
        bool lineEnded = anchor.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        string separator = lineEnded ? newLine : newLine + newLine;
        CompilationUnitSyntax unit = SyntaxFactory.ParseCompilationUnit(text);
        var members = unit.Members.Select((m, i) => i == 0 ? m.WithLeadingTrivia(SyntaxFactory.ParseLeadingTrivia(separator).AddRange(m.GetLeadingTrivia())) : m).ToList();
        if (!lineEnded)
        {
            // The interface ended the file: so does the last record, without a trailing blank line.
            members[members.Count - 1] = members[members.Count - 1].WithTrailingTrivia(SyntaxFactory.TriviaList());
        }

        SyntaxNode updated = root.InsertNodesAfter(anchor, members);
        if (writer.UsesJsonPropertyName)
        {
            updated = AttributeEditor.EnsureUsing(updated, "System.Text.Json.Serialization", AttributeEditor.EndOfLine(root));
        }

        if (writer.UsesLists)
        {
            updated = AttributeEditor.EnsureUsing(updated, "System.Collections.Generic", AttributeEditor.EndOfLine(root));
        }

        return document.WithSyntaxRoot(updated);
    }

    private static bool HasAttribute(SyntaxList<AttributeListSyntax> lists, string name) =>
        lists.SelectMany(l => l.Attributes).Any(a => Name(a) == name);

    /// <summary>The attribute's simple name without namespace or Attribute suffix: <c>Refit.PostAttribute</c> → <c>Post</c>.</summary>
    private static string Name(AttributeSyntax attribute)
    {
        string text = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => attribute.Name.ToString(),
        };
        return text.EndsWith("Attribute", StringComparison.Ordinal) ? text.Substring(0, text.Length - "Attribute".Length) : text;
    }
}
