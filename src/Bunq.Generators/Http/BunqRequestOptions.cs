namespace Bunq;

/// <summary>Keys for <see cref="HttpRequestMessage.Options"/> that steer the bunq handlers.</summary>
internal static class BunqRequestOptions
{
    /// <summary>Overrides the token kind the path implies.</summary>
    public static readonly HttpRequestOptionsKey<BunqAuthentication> Authentication = new("Bunq.Authentication");

    /// <summary>Overrides whether the body is signed. Requests without it and without a manifest entry are signed (fail closed).</summary>
    public static readonly HttpRequestOptionsKey<bool> Signed = new("Bunq.Signed");

    /// <summary>The keys and token this attempt is sent with, set by the authentication handler for the signing handler.</summary>
    public static readonly HttpRequestOptionsKey<BunqCredentials> Credentials = new("Bunq.Credentials");

    /// <summary>
    /// Credentials the sender supplies itself: the context calls, which make the context, carry the keys and token known
    /// so far, and the authentication handler sends them as they are instead of asking the session provider.
    /// </summary>
    public const string SuppliedCredentialsKey = "Bunq.SuppliedCredentials";

    /// <inheritdoc cref="SuppliedCredentialsKey"/>
    public static readonly HttpRequestOptionsKey<BunqCredentials> SuppliedCredentials = new(SuppliedCredentialsKey);

    /// <summary>The attempt number of the request (1 first), counted by the telemetry handler.</summary>
    public static readonly HttpRequestOptionsKey<int> Attempt = new("Bunq.Attempt");

    /// <summary>The call's total-time bound, set by the outermost handler; the rate limiter pauses it while queued.</summary>
    public static readonly HttpRequestOptionsKey<BunqCallDeadline> Deadline = new("Bunq.Deadline");

    // Refit's own keys (Refit.HttpRequestMessageOptions): set on every generated request.
    public static readonly HttpRequestOptionsKey<Type> RefitInterfaceType = new(Refit.HttpRequestMessageOptions.InterfaceType);
    public static readonly HttpRequestOptionsKey<string> RefitMethodName = new(Refit.HttpRequestMessageOptions.MethodName);

    /// <summary>The request's token kind: its <see cref="Authentication"/> option when set, else what its path implies.</summary>
    public static BunqAuthentication AuthenticationOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Authentication, out BunqAuthentication explicitKind)
            ? explicitKind
            : AuthenticationFor(request.Method, request.RequestUri!);

    /// <summary>
    /// The token kind bunq expects for a path, the way bunq's SDKs decide it: installation and sandbox-user creation carry
    /// none, the context-creation calls carry the installation token, everything else the session token.
    /// </summary>
    public static BunqAuthentication AuthenticationFor(HttpMethod method, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ReadOnlySpan<char> rest = BunqPath.AfterVersion(uri.AbsolutePath);
        if (!BunqPath.NextSegment(ref rest, out ReadOnlySpan<char> first))
        {
            return BunqAuthentication.Session;
        }

        bool only = !BunqPath.NextSegment(ref rest, out _);
        return first switch
        {
            "installation" when only && method == HttpMethod.Post => BunqAuthentication.None,
            "sandbox-user-person" or "sandbox-user-company" => BunqAuthentication.None,
            "installation" or "device-server" or "session-server" or "payment-service-provider-credential" => BunqAuthentication.Installation,
            _ => BunqAuthentication.Session,
        };
    }
}
