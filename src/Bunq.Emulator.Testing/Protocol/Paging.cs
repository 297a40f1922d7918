using System.Globalization;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// bunq's listing rules, for every list the emulator serves: "With every listing, a Pagination object will be added";
/// <c>count</c> defaults to 10 and is at most 200; <c>older_id</c> / <c>newer_id</c> page from an item's id; the
/// answer carries <c>future_url</c>, <c>newer_url</c> and <c>older_url</c>. Newest first.
/// </summary>
internal readonly record struct Paging(int Count, long? OlderId, long? NewerId)
{
    public const int DefaultCount = 10;
    public const int MaxCount = 200;

    /// <summary>Reads the query; a malformed or out-of-range value is bunq's 400 (read before any state is touched).</summary>
    public static bool TryRead(HttpContext context, out Paging paging, out IResult? refusal)
    {
        IQueryCollection query = context.Request.Query;
        paging = default;
        refusal = null;
        int count = DefaultCount;
        if (query.TryGetValue("count", out var countText)
            && (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxCount))
        {
            refusal = Error(400, $"Parameter 'count' must be between 1 and {MaxCount}.");
            return false;
        }

        if (!TryId(query, "older_id", out long? older) || !TryId(query, "newer_id", out long? newer))
        {
            refusal = Error(400, "Parameters 'older_id' and 'newer_id' must be ids.");
            return false;
        }

        paging = new Paging(count, older, newer);
        return true;
    }

    /// <summary>
    /// A listing of the objects of <c>{monetary-accountID}</c> (the account the route guard resolved): the query read,
    /// then one page of those of <paramref name="all"/> whose <paramref name="account"/> it is.
    /// </summary>
    public static IResult OfAccount<T>(HttpContext context, IEnumerable<T> all, Func<T, long> account, Func<T, long> id, Func<T, JsonNode> item)
    {
        if (!TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        long mine = CallContext.Of(context).Account!.Id;
        return paging.Page(context, all.Where(x => account(x) == mine), id, item);
    }

    /// <summary>One page of <paramref name="all"/> (any order) with bunq's Pagination object.</summary>
    public IResult Page<T>(HttpContext context, IEnumerable<T> all, Func<T, long> id, Func<T, JsonNode> item)
    {
        List<T> newestFirst = all.OrderByDescending(id).ToList();
        Paging self = this;
        List<T> page = NewerId is { } newer
            ? newestFirst.Where(x => id(x) > newer).OrderBy(id).Take(Count).OrderByDescending(id).ToList()
            : newestFirst.Where(x => self.OlderId is not { } older || id(x) < older).Take(Count).ToList();

        string? olderUrl = null, newerUrl = null, futureUrl = null;
        if (page.Count > 0)
        {
            long oldest = id(page[^1]), newest = id(page[0]);
            olderUrl = newestFirst.Exists(x => id(x) < oldest) ? Link(context, "older_id", oldest) : null;
            bool hasNewer = newestFirst.Exists(x => id(x) > newest);
            newerUrl = hasNewer ? Link(context, "newer_id", newest) : null;
            futureUrl = hasNewer ? null : Link(context, "newer_id", newest);
        }

        return Ok(page.Select(x => item(x)), new JsonObject { ["future_url"] = futureUrl, ["newer_url"] = newerUrl, ["older_url"] = olderUrl });
    }

    private string Link(HttpContext context, string name, long value) =>
        $"{context.Request.Path}?count={Count.ToString(CultureInfo.InvariantCulture)}&{name}={value.ToString(CultureInfo.InvariantCulture)}";

    private static bool TryId(IQueryCollection query, string name, out long? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var text))
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
