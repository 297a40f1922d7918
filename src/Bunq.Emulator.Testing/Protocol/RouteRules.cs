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
/// <param name="ItemIs">What <c>{itemId}</c> names when the route checks it belongs to the caller.</param>
/// <param name="RequestType">bunq's request type for the route's body, from the catalogue; null when bunq publishes none.</param>
internal sealed record RouteRule(RouteAuth Auth, bool SignatureRequired = false, bool FromCatalogue = false, ItemIs ItemIs = ItemIs.Object, Bunq.Catalogue.BunqObjectType? RequestType = null);

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

    public static CallContext Of(HttpContext context) => (CallContext)context.Items[typeof(CallContext)]!;
}
