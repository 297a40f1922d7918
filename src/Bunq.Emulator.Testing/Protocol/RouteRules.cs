namespace Bunq.Emulator;

/// <summary>Which token a route takes.</summary>
internal enum RouteAuth
{
    None,
    Installation,
    Session,
}

/// <summary>Endpoint metadata: the token a route needs and whether bunq enforces a request signature on it.</summary>
/// <remarks>
/// bunq enforces signatures on session-server and on calls that execute payments (bunq-protocol.md §3.1); elsewhere a
/// signature is checked when present. device-server is disputed in bunq's docs: checked when present, not required.
/// </remarks>
/// <param name="Auth">The token the route takes.</param>
/// <param name="SignatureRequired">Whether an unsigned request is refused (466).</param>
/// <param name="FromCatalogue">Answered from bunq's catalogue rather than modelled.</param>
internal sealed record RouteRule(RouteAuth Auth, bool SignatureRequired = false, bool FromCatalogue = false);

/// <summary>What the protocol middleware established about the caller, for the route handlers.</summary>
internal sealed class CallContext
{
    public required string Ip { get; init; }

    public required byte[] Body { get; init; }

    public Installation? Installation { get; set; }

    public Session? Session { get; set; }

    /// <summary>For the inspector: what the signature check found.</summary>
    public SignatureVerdict Signature { get; set; }

    /// <summary>For the inspector: which token the call carried (the installation or session it names, never the secret).</summary>
    public string Token { get; set; } = "none";

    /// <summary>For the inspector: the rate-limit use of this call's endpoint.</summary>
    public string RateLimit { get; set; } = string.Empty;

    /// <summary>Whether this request extended its session (state to persist even for a GET).</summary>
    public bool Extended { get; set; }

    public static CallContext Of(HttpContext context) => (CallContext)context.Items[typeof(CallContext)]!;
}

internal static class RouteBuilderExtensions
{
    /// <summary>Maps a route whose handler returns an <see cref="IResult"/>, without the reflection-based delegate factory.</summary>
    public static IEndpointConventionBuilder Map(
        this IEndpointRouteBuilder routes, string method, string pattern, Func<HttpContext, IResult> handler, RouteAuth auth, bool signatureRequired = false, bool fromCatalogue = false) =>
        routes.MapMethods(pattern, [method], (RequestDelegate)(context => handler(context).ExecuteAsync(context)))
            .WithMetadata(new RouteRule(auth, signatureRequired, fromCatalogue));

    public static long RouteLong(this HttpContext context, string name) =>
        long.TryParse(context.Request.RouteValues[name] as string, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value)
            ? value
            : -1;
}
