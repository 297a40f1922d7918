using System.Globalization;

namespace Bunq;

/// <summary>
/// bunq's <c>Pagination</c> object. <c>older_url</c> leads to older items, <c>newer_url</c> to newer ones, and
/// <c>future_url</c> (set only on the newest page) is for polling items created later. The ids are parsed from the URLs.
/// </summary>
/// <param name="OlderUrl">bunq's <c>older_url</c>: the page of older items, or null on the oldest page.</param>
/// <param name="NewerUrl">bunq's <c>newer_url</c>: the page of newer items, or null on the newest page.</param>
/// <param name="FutureUrl">bunq's <c>future_url</c>: where items created later will appear (set only on the newest page).</param>
public sealed record BunqPagination(string? OlderUrl, string? NewerUrl, string? FutureUrl)
{
    /// <summary>No neighbouring pages.</summary>
    public static BunqPagination None { get; } = new(null, null, null);

    /// <summary><c>older_id</c> to pass for the older page.</summary>
    public long? OlderId => QueryLong(OlderUrl, "older_id");

    /// <summary><c>newer_id</c> to pass for the newer page.</summary>
    public long? NewerId => QueryLong(NewerUrl, "newer_id");

    /// <summary><c>newer_id</c> to poll with for items created after this listing.</summary>
    public long? FutureId => QueryLong(FutureUrl, "newer_id");

    /// <summary>The page size the server used.</summary>
    public int? Count => (int?)QueryLong(OlderUrl ?? NewerUrl ?? FutureUrl, "count");

    /// <summary>True when an older page exists.</summary>
    public bool HasOlder => OlderUrl is not null;

    private static long? QueryLong(string? url, string name)
    {
        if (url is null)
        {
            return null;
        }

        int query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return null;
        }

        foreach (string pair in url[(query + 1)..].Split('&'))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair.AsSpan(0, eq).SequenceEqual(name)
                && long.TryParse(pair.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                return value;
            }
        }

        return null;
    }
}
