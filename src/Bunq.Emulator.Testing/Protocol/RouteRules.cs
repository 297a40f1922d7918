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
/// <param name="ItemIs">What <c>{itemId}</c> names when the route checks it belongs to the caller.</param>
/// <param name="RequestType">bunq's request type for the route's body, from the catalogue; null when bunq publishes none.</param>
/// <param name="RawBody">The request body is raw bytes (an attachment upload), not JSON.</param>
/// <param name="RawAnswer">The answer is raw bytes (a <c>…/content</c> read), not bunq's JSON envelope.</param>
internal sealed record RouteRule(RouteAuth Auth, bool SignatureRequired = false, bool FromCatalogue = false, ItemIs ItemIs = ItemIs.Object,
    Bunq.Catalogue.BunqObjectType? RequestType = null, bool RawBody = false, bool RawAnswer = false)
{
    /// <summary>The token a catalogue operation takes, as the emulator names it.</summary>
    public static RouteAuth AuthOf(OperationFacts facts) =>
        facts.Token switch { OperationToken.None => RouteAuth.None, OperationToken.Installation => RouteAuth.Installation, _ => RouteAuth.Session };
}

/// <summary>What a route's <c>{itemId}</c> names, for the ownership check made once per request.</summary>
internal enum ItemIs
{
    /// <summary>An object of the route's own collection (the handler finds it).</summary>
    Object,

    /// <summary>The caller's own user (<c>/user/{itemId}</c>, <c>/user-person/{itemId}</c>).</summary>
    User,

    /// <summary>One of the caller's accounts (<c>/monetary-account-bank/{itemId}</c>).</summary>
    Account,
}

/// <summary>What the protocol middleware established about the caller, for the route handlers.</summary>
internal sealed class CallContext
{
    public required string Ip { get; init; }

    public required byte[] Body { get; init; }

    public Installation? Installation { get; set; }

    public Session? Session { get; set; }

    /// <summary>
    /// The account <c>{monetary-accountID}</c> (or an account route's <c>{itemId}</c>) names, checked once by
    /// <see cref="RouteGuard"/> to belong to the session's data owner.
    /// </summary>
    public Account? Account { get; set; }

    /// <summary>For the inspector: what the signature check found.</summary>
    public SignatureVerdict Signature { get; set; }

    /// <summary>For the inspector: which token the call carried (the installation or session it names, never the secret).</summary>
    public string Token { get; set; } = "none";

    /// <summary>For the inspector: the rate-limit use of this call's endpoint.</summary>
    public string RateLimit { get; set; } = string.Empty;

    /// <summary>Whether this request extended its session (state to persist even for a GET).</summary>
    public bool Extended { get; set; }

    /// <summary>Whether state changed before the handler ran (a schedule came due): to persist even for a GET.</summary>
    public bool Changed { get; set; }

    public static CallContext Of(HttpContext context) => (CallContext)context.Items[typeof(CallContext)]!;
}
