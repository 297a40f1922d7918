using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bunq.Generators.CodeFixes;

/// <summary>The steps the fixes repeat around their own edit: reading the root, finding the method, Fix All per document.</summary>
internal static class DocumentEdits
{
    /// <summary>The document with its syntax root replaced by what <paramref name="edit"/> makes of it, given the file's own line ending.</summary>
    public static async Task<Document> EditAsync(Document document, Func<SyntaxNode, SyntaxTrivia, SyntaxNode> edit, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(edit(root, AttributeEditor.EndOfLine(root)));
    }

    /// <summary>
    /// The method declaration a diagnostic lies in; null when it points elsewhere (an inherited method's diagnostic points at
    /// the endpoint interface, its declaration maybe in another assembly, so there is nothing to edit here).
    /// </summary>
    public static MethodDeclarationSyntax? MethodAt(SyntaxNode? root, Diagnostic diagnostic) =>
        root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();

    /// <summary>
    /// Fix All as one edit per document covering every diagnostic in it, so an edit several diagnostics share (one
    /// interface's attribute, one method's parameters) is made once. <paramref name="apply"/> gets the chosen fix's key.
    /// </summary>
    public static FixAllProvider PerDocument(Func<Document, ImmutableArray<Diagnostic>, string?, CancellationToken, Task<Document>> apply) =>
        new PerDocumentFixAll(apply);

    private sealed class PerDocumentFixAll(Func<Document, ImmutableArray<Diagnostic>, string?, CancellationToken, Task<Document>> apply) : DocumentBasedFixAllProvider
    {
        protected override async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            await apply(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false);
    }
}
