namespace Bunq;

/// <summary>
/// What the client knows of one bunq operation (an endpoint method, or a path sent without one): worked out once per
/// endpoint method by <see cref="Derive"/> and read through each call's <see cref="BunqCall"/>.
/// </summary>
/// <param name="RouteTemplate">The route with ids as placeholders: the manifest's or Refit's template, else the path with ids taken out.</param>
/// <param name="RateLimitKey">The rate-limit key, <c>"POST /user/{}/payment"</c>: verb and route, every placeholder or id as <c>{}</c>.</param>
/// <param name="Authentication">The token bunq expects.</param>
/// <param name="Signed">Whether the body is signed.</param>
/// <param name="Binary">Whether the body or the answer is raw bytes rather than JSON.</param>
internal sealed record BunqOperationFacts(string RouteTemplate, string RateLimitKey, BunqAuthentication Authentication, bool Signed, bool Binary)
{
    /// <summary>
    /// The one place an operation's facts are decided. Today: the token kind from the route the way bunq's SDKs decide
    /// it (<see cref="BunqRequestOptions.AuthenticationFor(HttpMethod, ReadOnlySpan{char})"/>), signed from the
    /// generator's manifest (an endpoint nothing is known of is signed: fail closed), the rate-limit key from the route,
    /// no raw-byte operation. When the catalogue's facts reach <see cref="BunqEndpointEntry"/> (token kind, signature
    /// required, rate-limit class, raw bytes), they replace these derivations here, and only here.
    /// </summary>
    /// <param name="method">The verb.</param>
    /// <param name="route">A route template (<c>/user/{userId}/payment</c>) or a request path (<c>/v1/user/7/payment</c>).</param>
    /// <param name="isTemplate">Whether <paramref name="route"/> is a template, named as it is, rather than a path.</param>
    /// <param name="entry">The generator's entry for the endpoint method, when there is one.</param>
    public static BunqOperationFacts Derive(HttpMethod method, string route, bool isTemplate, BunqEndpointEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(route);
        ReadOnlySpan<char> path = route.AsSpan();
        int query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        string endpoint = BunqPath.EndpointKey(path);
        return new BunqOperationFacts(
            RouteTemplate: isTemplate ? route : endpoint, // never a raw path: ids are personal data
            RateLimitKey: method.Method + " " + endpoint,
            Authentication: BunqRequestOptions.AuthenticationFor(method, path),
            Signed: entry?.Signed ?? true,
            Binary: false);
    }
}
