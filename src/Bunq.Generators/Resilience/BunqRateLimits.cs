namespace Bunq;

/// <summary>
/// The limits the client keeps to, per endpoint (verb and route with ids taken out). The defaults are bunq's documented
/// ones: GET 3, POST 5, PUT 2 per 3 s per endpoint per IP, and <c>session-server</c> 1 per 30 s
/// (bunq-protocol.md §7). Callers beyond a limit wait in a queue; they do not fail.
/// </summary>
public sealed class BunqRateLimits
{
    /// <summary>bunq's documented limits.</summary>
    public static BunqRateLimits Documented => new();

    /// <summary>No client-side limiting.</summary>
    public static BunqRateLimits None => new() { Enabled = false };

    /// <summary>Whether limiting is on.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Limits per HTTP verb.</summary>
    public IDictionary<string, BunqRateLimit> PerMethod { get; init; } = new Dictionary<string, BunqRateLimit>(StringComparer.OrdinalIgnoreCase)
    {
        ["GET"] = new(3, TimeSpan.FromSeconds(3)),
        ["POST"] = new(5, TimeSpan.FromSeconds(3)),
        ["PUT"] = new(2, TimeSpan.FromSeconds(3)),
    };

    /// <summary>Limits for single endpoints (<c>"POST /session-server"</c>), taking precedence over <see cref="PerMethod"/>.</summary>
    public IDictionary<string, BunqRateLimit> PerEndpoint { get; init; } = new Dictionary<string, BunqRateLimit>(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /session-server"] = new(1, TimeSpan.FromSeconds(30)),
    };

    /// <summary>
    /// Added to every window so that clock granularity and network jitter cannot squeeze two calls into one bunq window.
    /// With 100 ms about 97% of a 3 s budget stays usable.
    /// </summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many callers may wait per endpoint before new ones are refused.</summary>
    public int QueueLimit { get; init; } = 10_000;

    /// <summary>The own limit of an endpoint key (<c>"POST /session-server"</c>) from <see cref="PerEndpoint"/>, or null.</summary>
    internal BunqRateLimit? EndpointLimit(string key) => PerEndpoint.TryGetValue(key, out BunqRateLimit? exact) ? exact : null;

    /// <summary>The endpoint's own limit from <see cref="PerEndpoint"/>, or null when only its verb's applies.</summary>
    public BunqRateLimit? EndpointLimit(string method, string endpoint) =>
        PerEndpoint.TryGetValue(method + " " + endpoint, out BunqRateLimit? exact) ? exact : null;

    /// <summary>The limit for an endpoint key (<c>"GET /user/{}/monetary-account-bank"</c>), or null when unlimited.</summary>
    public BunqRateLimit? For(string method, string endpoint) =>
        EndpointLimit(method, endpoint) ?? (PerMethod.TryGetValue(method, out BunqRateLimit? perMethod) ? perMethod : null);
}
