using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bunq.Generators.Parsing;

/// <summary>
/// The shape check of a <c>[BunqClient]</c> class, shared by the analyzer (BUNQ007, BUNQ017) and the generator (which
/// completes only a class with no problem, and adds only the endpoint properties that clash with nothing).
/// </summary>
internal static class ClientShape
{
    /// <summary>The members the generator adds to every client (besides one property per endpoint and the constructor).</summary>
    public static readonly string[] GeneratedMembers = ["Connection", "ConnectAsync", "Dispose", "DisposeAsync", "Manifest", "UserId", "_connection"];

    private const string GeneratorName = "Bunq.Generators";

    /// <summary>Why the class cannot be completed; empty when it can.</summary>
    /// <param name="type">The class carrying <c>[BunqClient]</c>.</param>
    /// <param name="takenNames">From <see cref="TakenNames"/>.</param>
    public static List<string> Problems(INamedTypeSymbol type, IReadOnlyCollection<string> takenNames)
    {
        var problems = new List<string>();
        bool partialClass = type.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax())
            .OfType<ClassDeclarationSyntax>()
            .Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));
        if (type.TypeKind != TypeKind.Class || !partialClass)
        {
            problems.Add("it is not a partial class");
        }

        // A primary constructor makes every other constructor chain to it (CS8862), and the generated one cannot know
        // what to pass: found by the fuzz test (`[BunqClient] partial class Bank(int x);`).
        if (type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<ClassDeclarationSyntax>().Any(d => d.ParameterList is not null))
        {
            problems.Add("it has a primary constructor, which the generated constructor would have to call");
        }

        if (type.IsStatic)
        {
            problems.Add("it is static");
        }

        if (type.IsAbstract && !type.IsStatic)
        {
            problems.Add("it is abstract, and ConnectAsync creates an instance");
        }

        if (type.IsGenericType)
        {
            problems.Add("it is generic");
        }

        if (type.ContainingType is not null)
        {
            problems.Add("it is nested in another type");
        }

        if (type.IsFileLocal)
        {
            problems.Add("it is file-local, and the generated part lives in another file");
        }

        if (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType && !HasCallableParameterlessConstructor(baseType))
        {
            problems.Add($"its base class '{baseType.Name}' has no parameterless constructor the generated one can call");
        }

        if (GeneratedMembers.Contains(type.Name, StringComparer.Ordinal))
        {
            problems.Add($"its name is one of the members the generator adds ({string.Join(", ", GeneratedMembers.Where(m => m[0] != '_'))})");
        }

        foreach (string member in GeneratedMembers.Where(takenNames.Contains))
        {
            problems.Add($"it already has a member '{member}', which the generator adds");
        }

        if (type.InstanceConstructors.Any(c => !DeclaredByGenerator(c) && c.Parameters.Length == 1 && c.Parameters[0].Type.ToDisplayString() == "Bunq.BunqConnection"))
        {
            problems.Add("it already has a constructor taking a BunqConnection, which the generator adds");
        }

        string extensions = type.Name + "ServiceCollectionExtensions";
        if (type.ContainingNamespace?.GetTypeMembers(extensions).Any(t => !DeclaredByGenerator(t)) == true)
        {
            problems.Add($"its namespace already has a type '{extensions}', which the generator adds");
        }

        return problems;
    }

    /// <summary>
    /// Names an endpoint property must not take: the members the class declares itself and those it inherits (not
    /// private), leaving out what the generator wrote (the analyzer sees the generated part, the generator does not).
    /// </summary>
    public static IReadOnlyCollection<string> TakenNames(INamedTypeSymbol type)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } && !DeclaredByGenerator(member))
            {
                names.Add(member.Name);
            }
        }

        for (INamedTypeSymbol? t = type.BaseType; t is not null; t = t.BaseType)
        {
            foreach (ISymbol member in t.GetMembers())
            {
                if (member.DeclaredAccessibility != Accessibility.Private && member is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor })
                {
                    names.Add(member.Name);
                }
            }
        }

        return names;
    }

    /// <summary>Why <paramref name="property"/> cannot be a property of client <paramref name="client"/>; null when it can.</summary>
    public static string? PropertyClash(string property, string client, IReadOnlyCollection<string> takenNames)
    {
        if (string.Equals(property, client, StringComparison.Ordinal))
        {
            return "the client's own name";
        }

        if (GeneratedMembers.Contains(property, StringComparer.Ordinal))
        {
            return "a member the generator adds to every client";
        }

        return takenNames.Contains(property) ? "a member the class already has" : null;
    }

    /// <summary>Whether every declaration of <paramref name="symbol"/> sits in a type this generator wrote.</summary>
    private static bool DeclaredByGenerator(ISymbol symbol) =>
        symbol.DeclaringSyntaxReferences.Length > 0
        && symbol.DeclaringSyntaxReferences.All(r => r.GetSyntax().AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is { } declaration
            && declaration.AttributeLists.SelectMany(l => l.Attributes).Any(IsOurGeneratedCodeAttribute));

    private static bool IsOurGeneratedCodeAttribute(AttributeSyntax attribute) =>
        attribute.Name.ToString().EndsWith("GeneratedCode", StringComparison.Ordinal)
        && attribute.ArgumentList?.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax { Token.ValueText: GeneratorName };

    private static bool HasCallableParameterlessConstructor(INamedTypeSymbol baseType) =>
        baseType.InstanceConstructors.Any(c =>
            c.DeclaredAccessibility is not (Accessibility.Private or Accessibility.NotApplicable)
            && c.Parameters.All(p => p.IsOptional || p.IsParams));
}
