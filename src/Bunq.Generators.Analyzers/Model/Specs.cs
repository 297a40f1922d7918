using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.Generators.Model;

// Specs are plain values (strings, bools, EquatableArray): no ISymbol, SyntaxNode, Location or Compilation, so that
// the incremental pipeline caches them by value. A test walks the cached step outputs to keep it that way, and
// BannedSymbols.txt keeps the Roslyn types out of this folder's vocabulary.

/// <summary>One endpoint method as the manifest records it.</summary>
/// <param name="Facts">What bunq's catalogue says of the operation, or null when the route is not one of bunq's.</param>
internal sealed record EndpointMethodSpec(string Name, string HttpMethod, string Route, bool Signed, OperationFactsSpec? Facts = null);

/// <summary>The catalogue's facts about one declared operation that the runtime reads from the manifest.</summary>
/// <param name="Token">none, installation or session.</param>
/// <param name="SignatureRequired">bunq refuses the call unsigned.</param>
/// <param name="RawBody">The request body is raw bytes.</param>
/// <param name="RawAnswer">The answer is raw bytes.</param>
internal readonly record struct OperationFactsSpec(string Token, bool SignatureRequired, bool RawBody, bool RawAnswer);

/// <summary>One <c>[BunqEndpoint]</c> interface with no problem of its own.</summary>
/// <param name="FullyQualifiedName">The <c>global::</c>-qualified name.</param>
/// <param name="PropertyName">The client property (<c>IPayments</c> → <c>Payments</c>).</param>
/// <param name="IsPublic">Whether the interface is visible outside its assembly.</param>
/// <param name="Methods">The methods with no error, declared then inherited.</param>
internal sealed record EndpointInterfaceSpec(string FullyQualifiedName, string PropertyName, bool IsPublic, EquatableArray<EndpointMethodSpec> Methods);

/// <summary>One <c>[BunqClient]</c> partial class with no problem.</summary>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="IsPublic">Whether the class is public.</param>
/// <param name="TakenNames">Member names the class declares or inherits: no endpoint property may take one.</param>
internal sealed record ClientSpec(string? Namespace, string Name, bool IsPublic, EquatableArray<string> TakenNames)
{
    /// <summary>The name as code writes it (<c>@class</c> for a keyword).</summary>
    public string Identifier => Identifiers.Escape(Name);

    /// <summary>The namespace as code writes it, each keyword segment escaped.</summary>
    public string? EscapedNamespace => Namespace is null ? null : string.Join(".", Namespace.Split('.').Select(Identifiers.Escape));

    /// <summary><c>Namespace.Name</c>: the client's options and HttpClient name.</summary>
    public string DisplayName => Namespace is null ? Name : Namespace + "." + Name;

    public string FullyQualifiedName => "global::" + (EscapedNamespace is null ? Identifier : EscapedNamespace + "." + Identifier);

    /// <summary>
    /// <c>{Namespace}.{Name}.g.cs</c>, with a number added when another client's name differs only in case: the
    /// compiler compares hint names case-insensitively, and one clash (CS8785) drops every client's output.
    /// </summary>
    public string HintName { get; init; } = (Namespace is null ? Name : Namespace + "." + Name) + ".g.cs";
}

/// <summary>Everything one client file is made from. Must stay value-equatable.</summary>
internal sealed record ClientModel(ClientSpec Client, EquatableArray<EndpointInterfaceSpec> Endpoints);

/// <summary>Identifiers as C# source writes them.</summary>
internal static class Identifiers
{
    /// <summary>Prefixes a reserved keyword with <c>@</c> (a type named <c>@class</c> is valid C#).</summary>
    public static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;
}
