using System.Collections.Concurrent;
using Bunq.Catalogue;

namespace Bunq.Emulator;

/// <summary>
/// bunq's documented per-IP, per-endpoint limits as bunq's catalogue gives them (each operation's rate class, each
/// class's numbers: GET 3, POST 5, PUT 2 per 3 consecutive seconds, session-server 1 per 30 s). A sliding log of
/// timestamps on the emulator's clock, so fake time drives it exactly.
/// </summary>
internal sealed class RateLimits(TimeProvider time)
{
    // Route patterns are few and fixed; each is looked up in the catalogue once.
    private static readonly ConcurrentDictionary<string, (int Limit, TimeSpan Window)?> Limits = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Queue<DateTimeOffset>> _log = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>The limit of a route pattern (<c>/v1/…</c>); null where bunq documents none (other verbs, routes it lacks).</summary>
    public static (int Limit, TimeSpan Window)? LimitFor(string method, string routePattern) =>
        Limits.GetOrAdd(method + " " + routePattern, _ =>
        {
            BunqCatalogue catalogue = BunqCatalogue.Embedded;
            string route = routePattern.StartsWith("/v1/", StringComparison.Ordinal) ? routePattern["/v1".Length..] : routePattern;
            return catalogue.RateLimit(catalogue.Find(method, route)?.Facts.RateClass) is { } limit
                ? (limit.Calls, TimeSpan.FromSeconds(limit.Seconds))
                : null;
        });

    /// <summary>For the inspector: calls counted in the current window of an endpoint, against its limit.</summary>
    public string Usage(string ip, string method, string routePattern)
    {
        if (LimitFor(method, routePattern) is not { } limit)
        {
            return "no limit";
        }

        DateTimeOffset now = time.GetUtcNow();
        lock (_gate)
        {
            int used = _log.TryGetValue(ip + " " + method + " " + routePattern, out Queue<DateTimeOffset>? calls) ? calls.Count(c => now - c < limit.Window) : 0;
            return $"{used}/{limit.Limit} per {limit.Window.TotalSeconds:0} s";
        }
    }

    /// <summary>Counts the call; returns the limit text when it is over.</summary>
    public string? TryAcquire(string ip, string method, string routePattern)
    {
        if (LimitFor(method, routePattern) is not { } limit)
        {
            return null;
        }

        DateTimeOffset now = time.GetUtcNow();
        string key = ip + " " + method + " " + routePattern;
        lock (_gate)
        {
            if (!_log.TryGetValue(key, out Queue<DateTimeOffset>? calls))
            {
                _log[key] = calls = new Queue<DateTimeOffset>();
            }

            while (calls.Count > 0 && now - calls.Peek() >= limit.Window)
            {
                calls.Dequeue();
            }

            if (calls.Count >= limit.Limit)
            {
                return $"Too many requests. You can do a maximum of {limit.Limit} calls per {limit.Window.TotalSeconds:0} second to this endpoint.";
            }

            calls.Enqueue(now);
            return null;
        }
    }
}
