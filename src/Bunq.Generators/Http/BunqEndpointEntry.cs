using System.ComponentModel;

namespace Bunq.Generated;

/// <summary>What the generator knows of one endpoint method. For generated code; not meant to be used directly.</summary>
/// <param name="InterfaceType">The <c>[BunqEndpoint]</c> interface.</param>
/// <param name="MethodName">The method (unique within its interface: BUNQ005 forbids overloads).</param>
/// <param name="HttpMethod">The verb.</param>
/// <param name="RouteTemplate">The Refit route template.</param>
/// <param name="Signed">Whether the body is signed.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record BunqEndpointEntry(Type InterfaceType, string MethodName, string HttpMethod, string RouteTemplate, bool Signed);
