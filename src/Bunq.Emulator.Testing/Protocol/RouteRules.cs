using Bunq.Catalogue;

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
/// For bunq's routes these are the catalogue's facts (data/bunq-facts.txt gives each with its source): bunq enforces
/// signatures on session-server and on calls that create or execute payments; elsewhere a signature is checked when
/// present.
/// </remarks>
/// <param name="Auth">The token the route takes.</param>
/// <param name="SignatureRequired">Whether an unsigned request is refused (466).</param>
/// <param name="FromCatalogue">Answered from bunq's catalogue rather than modelled.</param>
/// <param name="RawBody">The request body is raw bytes (an attachment upload), not JSON.</param>
/// <param name="RawAnswer">The answer is raw bytes (a <c>…/content</c> read), not bunq's JSON envelope.</param>
internal sealed record RouteRule(RouteAuth Auth, bool SignatureRequired = false, bool FromCatalogue = false, bool RawBody = false, bool RawAnswer = false)
{
    /// <summary>The rule bunq's catalogue gives an operation.</summary>
    public static RouteRule Of(OperationFacts facts, bool fromCatalogue) => new(
        facts.Token switch { OperationToken.None => RouteAuth.None, OperationToken.Installation => RouteAuth.Installation, _ => RouteAuth.Session },
        facts.SignatureRequired, fromCatalogue, facts.RawBody, facts.RawAnswer);
}

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
    /// <summary>
    /// Maps a route whose handler returns an <see cref="IResult"/>, without the reflection-based delegate factory. A route
    /// of bunq's takes its token and signature rule from bunq's catalogue; <paramref name="auth"/> and
    /// <paramref name="signatureRequired"/> are for routes the catalogue lacks, and where a caller states them for one of
    /// bunq's routes they must agree with the catalogue (checked at start-up), so no route can quietly differ from it.
    /// </summary>
    public static IEndpointConventionBuilder Map(
        this IEndpointRouteBuilder routes, string method, string pattern, Func<HttpContext, IResult> handler, RouteAuth? auth = null, bool? signatureRequired = null, bool fromCatalogue = false)
    {
        RouteRule rule;
        if (BunqCatalogue.Embedded.Find(method, pattern.StartsWith("/v1/", StringComparison.Ordinal) ? pattern["/v1".Length..] : pattern) is { } operation)
        {
            rule = RouteRule.Of(operation.Facts, fromCatalogue);
            if ((auth is { } stated && stated != rule.Auth) || (signatureRequired is { } required && required != rule.SignatureRequired))
            {
                throw new InvalidOperationException($"{method} {pattern} is mapped as {auth}, signature required {signatureRequired}; bunq's catalogue says {rule.Auth}, {rule.SignatureRequired} (data/bunq-facts.txt).");
            }
        }
        else
        {
            rule = new RouteRule(auth ?? RouteAuth.Session, signatureRequired ?? false, fromCatalogue);
        }

        return routes.MapMethods(pattern, [method], (RequestDelegate)(context => handler(context).ExecuteAsync(context))).WithMetadata(rule);
    }

    public static long RouteLong(this HttpContext context, string name) =>
        long.TryParse(context.Request.RouteValues[name] as string, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value)
            ? value
            : -1;
}
