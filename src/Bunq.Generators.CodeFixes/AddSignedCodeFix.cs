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
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bunq.Generators.CodeFixes;

/// <summary>BUNQ001: adds <c>[Signed]</c> to the method, or to its whole interface.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddSignedCodeFix)), Shared]
public sealed class AddSignedCodeFix : CodeFixProvider
{
    internal const string MethodKey = "Bunq.AddSigned.Method";
    internal const string InterfaceKey = "Bunq.AddSigned.Interface";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnsignedEndpoint);

    /// <inheritdoc/>
    /// <remarks>Fix All: one edit per document covering every diagnostic in it, so interface fixes are not applied twice.</remarks>
    public override FixAllProvider GetFixAllProvider() =>
        DocumentEdits.PerDocument((document, diagnostics, key, token) => Apply(document, diagnostics, key ?? MethodKey, token));

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode? node = root?.FindNode(diagnostic.Location.SourceSpan);
            if (node is InterfaceDeclarationSyntax endpoint)
            {
                // An inherited method: its diagnostic points at the endpoint, where only interface-level [Signed] can go.
                context.RegisterCodeFix(
                    CodeAction.Create($"Add [Signed] to interface '{endpoint.Identifier.Text}'",
                        token => Apply(context.Document, [diagnostic], InterfaceKey, token), InterfaceKey),
                    diagnostic);
                continue;
            }

            if (node?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { Parent: InterfaceDeclarationSyntax owner } method)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Add [Signed] to '{method.Identifier.Text}'",
                    token => Apply(context.Document, [diagnostic], MethodKey, token), MethodKey),
                diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create($"Add [Signed] to interface '{owner.Identifier.Text}'",
                    token => Apply(context.Document, [diagnostic], InterfaceKey, token), InterfaceKey),
                diagnostic);
        }
    }

    private static Task<Document> Apply(Document document, IEnumerable<Diagnostic> diagnostics, string key, CancellationToken cancellationToken) =>
        DocumentEdits.EditAsync(document, (root, endOfLine) =>
        {
            var nodes = diagnostics.Select(d => root.FindNode(d.Location.SourceSpan)).ToList();
            var methods = nodes
                .Select(n => n.FirstAncestorOrSelf<MethodDeclarationSyntax>())
                .Where(m => m?.Parent is InterfaceDeclarationSyntax)
                .Select(m => m!)
                .ToList();
            IEnumerable<MemberDeclarationSyntax> targets = key == InterfaceKey
                ? methods.Select(m => (MemberDeclarationSyntax)m.Parent!).Concat(nodes.OfType<InterfaceDeclarationSyntax>()).Distinct()
                : methods;
            SyntaxNode updated = root.ReplaceNodes(targets, (_, current) => AttributeEditor.Add(current, "Signed", endOfLine));
            return AttributeEditor.EnsureUsing(updated, "Bunq", endOfLine);
        }, cancellationToken);
}
