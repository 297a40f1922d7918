using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Bunq.Generators.CodeFixes;

/// <summary>Small syntax edits shared by the fixes.</summary>
internal static class AttributeEditor
{
    /// <summary>Adds <c>[name]</c> as its own attribute list, keeping the member's leading trivia (comments, indentation) in front.</summary>
    public static MemberDeclarationSyntax Add(MemberDeclarationSyntax member, string name, SyntaxTrivia endOfLine)
    {
        SyntaxTriviaList leading = member.GetLeadingTrivia();
        SyntaxTriviaList indentation = TriviaList(leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
        AttributeListSyntax list = AttributeList(SingletonSeparatedList(Attribute(IdentifierName(name))))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(endOfLine);
        MemberDeclarationSyntax stripped = member.WithLeadingTrivia(indentation);
        return stripped.WithAttributeLists(stripped.AttributeLists.Count == 0
            ? SingletonList(list)
            : stripped.AttributeLists.Insert(0, list));
    }

    /// <summary>Adds <c>using ns;</c> when the file has no such directive.</summary>
    public static SyntaxNode EnsureUsing(SyntaxNode root, string ns, SyntaxTrivia endOfLine)
    {
        if (root is not CompilationUnitSyntax unit || unit.Usings.Any(u => u.Name?.ToString() == ns))
        {
            return root;
        }

        return unit.AddUsings(UsingDirective(ParseName(ns)).NormalizeWhitespace().WithTrailingTrivia(endOfLine));
    }

    /// <summary><paramref name="name"/>, or with a number appended when a parameter of <paramref name="method"/> already has it.</summary>
    public static string UniqueParameterName(MethodDeclarationSyntax method, string name)
    {
        var taken = new System.Collections.Generic.HashSet<string>(method.ParameterList.Parameters.Select(p => p.Identifier.Text));
        string unique = name;
        for (int i = 2; taken.Contains(unique); i++)
        {
            unique = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return unique;
    }

    /// <summary>The file's own line ending, so a fix never mixes CRLF into an LF file or the reverse.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode root) =>
        root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } found ? found : LineFeed;
}
