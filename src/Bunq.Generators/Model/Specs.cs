namespace Bunq.Generators.Model;

// Specs are plain values (strings, bools, EquatableArray): no ISymbol, SyntaxNode, Location or Compilation, so that
// the incremental pipeline caches them by value. A test walks the cached step outputs to keep it that way.

/// <summary>One endpoint method as the manifest records it.</summary>
internal sealed record EndpointMethodSpec(string Name, string HttpMethod, string Route, bool Signed);

/// <summary>One <c>[BunqEndpoint]</c> interface.</summary>
/// <param name="FullyQualifiedName">The <c>global::</c>-qualified name.</param>
/// <param name="PropertyName">The client property (<c>IPayments</c> → <c>Payments</c>).</param>
/// <param name="IsPublic">Whether the interface is visible outside its assembly.</param>
/// <param name="Methods">The methods with a Refit verb, in declaration order.</param>
internal sealed record EndpointInterfaceSpec(string FullyQualifiedName, string PropertyName, bool IsPublic, EquatableArray<EndpointMethodSpec> Methods);

/// <summary>One <c>[BunqClient]</c> partial class.</summary>
/// <param name="Namespace">The namespace, or null for the global namespace.</param>
/// <param name="Name">The class name.</param>
/// <param name="IsPublic">Whether the class is public.</param>
internal sealed record ClientSpec(string? Namespace, string Name, bool IsPublic)
{
    public string FullyQualifiedName => Namespace is null ? "global::" + Name : "global::" + Namespace + "." + Name;

    public string HintName => (Namespace is null ? Name : Namespace + "." + Name) + ".g.cs";
}

/// <summary>Everything one client file is made from. Must stay value-equatable.</summary>
internal sealed record ClientModel(ClientSpec Client, EquatableArray<EndpointInterfaceSpec> Endpoints);
