namespace Bunq.Generators.Model;

// Specs are plain values (strings, bools, EquatableArray): no ISymbol, SyntaxNode, Location or Compilation, so that
// the incremental pipeline caches them by value. A test walks the cached step outputs to keep it that way, and
// BannedSymbols.txt keeps the Roslyn types out of this folder's vocabulary.

/// <summary>One endpoint method as the manifest records it.</summary>
internal sealed record EndpointMethodSpec(string Name, string HttpMethod, string Route, bool Signed);

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
    public string FullyQualifiedName => Namespace is null ? "global::" + Name : "global::" + Namespace + "." + Name;

    /// <summary>
    /// <c>{Namespace}.{Name}.g.cs</c>, with a number added when another client's name differs only in case: the
    /// compiler compares hint names case-insensitively, and one clash (CS8785) drops every client's output.
    /// </summary>
    public string HintName { get; init; } = (Namespace is null ? Name : Namespace + "." + Name) + ".g.cs";
}

/// <summary>Everything one client file is made from. Must stay value-equatable.</summary>
internal sealed record ClientModel(ClientSpec Client, EquatableArray<EndpointInterfaceSpec> Endpoints);
