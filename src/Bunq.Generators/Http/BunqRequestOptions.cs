namespace Bunq;

/// <summary>Keys for <see cref="HttpRequestMessage.Options"/> that steer the bunq handlers.</summary>
internal static class BunqRequestOptions
{
    /// <summary>Overrides the token kind the path implies.</summary>
    public static readonly HttpRequestOptionsKey<BunqAuthentication> Authentication = new("Bunq.Authentication");

    /// <summary>Overrides whether the body is signed. Requests without it and without a manifest entry are signed (fail closed).</summary>
    public static readonly HttpRequestOptionsKey<bool> Signed = new("Bunq.Signed");

    // Refit's own keys (Refit.HttpRequestMessageOptions): set on every generated request.
    public static readonly HttpRequestOptionsKey<Type> RefitInterfaceType = new(Refit.HttpRequestMessageOptions.InterfaceType);
    public static readonly HttpRequestOptionsKey<string> RefitMethodName = new(Refit.HttpRequestMessageOptions.MethodName);
    public static readonly HttpRequestOptionsKey<string> RefitRouteTemplate = new(Refit.HttpRequestMessageOptions.RelativePathTemplate);

    /// <summary>
    /// The token kind bunq expects for a path, the way bunq's SDKs decide it: installation and sandbox-user creation carry
    /// none, the context-creation calls carry the installation token, everything else the session token.
    /// </summary>
    public static BunqAuthentication AuthenticationFor(HttpMethod method, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return AuthenticationFor(method, uri.AbsolutePath);
    }

    /// <inheritdoc cref="AuthenticationFor(HttpMethod, Uri)"/>
    public static BunqAuthentication AuthenticationFor(HttpMethod method, ReadOnlySpan<char> path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ReadOnlySpan<char> rest = BunqPath.AfterVersion(path);
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
