using System.ComponentModel;

namespace Bunq.Generated;

/// <summary>What the generator knows of one endpoint method. For generated code; not meant to be used directly.</summary>
/// <param name="InterfaceType">The <c>[BunqEndpoint]</c> interface.</param>
/// <param name="MethodName">The method (unique within its interface: BUNQ005 forbids overloads).</param>
/// <param name="HttpMethod">The verb.</param>
/// <param name="RouteTemplate">The Refit route template.</param>
/// <param name="Signed">Whether the body is signed.</param>
/// <remarks>
/// The init-only facts come from bunq's catalogue (data/bunq-catalogue.txt, with their sources in data/bunq-facts.txt),
/// written by the generator where the route is one of bunq's; it sets only those that differ from a plain session
/// call, so a route bunq's catalogue lacks reads as one. <see cref="BunqOperationFacts.Derive"/> reads them.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record BunqEndpointEntry(Type InterfaceType, string MethodName, string HttpMethod, string RouteTemplate, bool Signed)
{
    /// <summary>The token bunq expects: <c>"none"</c>, <c>"installation"</c> or <c>"session"</c>.</summary>
    public string TokenKind { get; init; } = "session";

    /// <summary>bunq refuses the call unsigned (HTTP 466): session-server and the calls that create or execute payments.</summary>
    public bool SignatureRequired { get; init; }

    /// <summary>The request body is raw bytes (an attachment upload), signed over exactly those bytes.</summary>
    public bool RawRequestBody { get; init; }

    /// <summary>The answer is raw bytes (a <c>…/content</c> read), verified over exactly those bytes, without bunq's JSON envelope.</summary>
    public bool RawResponseBody { get; init; }
}
