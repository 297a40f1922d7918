using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Refit;

namespace Bunq;

/// <summary>One URL notification filter: bunq posts callbacks of <see cref="Category"/> to <see cref="Target"/> (HTTPS).</summary>
/// <param name="Category">bunq's category: PAYMENT, MUTATION, REQUEST, …</param>
/// <param name="Target">The HTTPS address callbacks go to.</param>
public sealed record BunqNotificationFilter(string Category, Uri Target);

/// <summary>
/// Sets, lists and removes the URL notification filters of the connection's user, or of one of its monetary accounts
/// (<c>notification-filter-url</c>). bunq replaces an owner's filters with each set; at most 2 URLs per category.
/// </summary>
public static class BunqNotificationFilters
{
    /// <summary>Replaces the URL filters of the user (or of <paramref name="monetaryAccountId"/>) with <paramref name="filters"/>.</summary>
    /// <exception cref="ArgumentException">A target is not an absolute https URL.</exception>
    public static async Task SetAsync(
        BunqConnection connection, IEnumerable<BunqNotificationFilter> filters, long? monetaryAccountId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(filters);
        var list = new List<JsonNode?>();
        foreach (BunqNotificationFilter filter in filters)
        {
            if (!filter.Target.IsAbsoluteUri || filter.Target.Scheme != Uri.UriSchemeHttps)
            {
                throw new ArgumentException("bunq posts callbacks over HTTPS only: every target must be an absolute https URL.", nameof(filters));
            }

            list.Add(new JsonObject { ["category"] = filter.Category, ["notification_target"] = filter.Target.AbsoluteUri });
        }

        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(new JsonObject { ["notification_filters"] = new JsonArray([.. list]) }.ToJsonString()));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        IBunqNotificationFilterApi api = connection.CreateClient<IBunqNotificationFilterApi>();
        long user = await connection.GetUserIdAsync(cancellationToken).ConfigureAwait(false);
        await (monetaryAccountId is { } account
            ? api.SetForAccountAsync(user, account, body, cancellationToken)
            : api.SetForUserAsync(user, body, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The URL filters of the user (or of <paramref name="monetaryAccountId"/>).</summary>
    public static async Task<IReadOnlyList<BunqNotificationFilter>> ListAsync(
        BunqConnection connection, long? monetaryAccountId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        IBunqNotificationFilterApi api = connection.CreateClient<IBunqNotificationFilterApi>();
        long user = await connection.GetUserIdAsync(cancellationToken).ConfigureAwait(false);
        BunqEnvelope envelope = await (monetaryAccountId is { } account
            ? api.ListForAccountAsync(user, account, cancellationToken)
            : api.ListForUserAsync(user, cancellationToken)).ConfigureAwait(false);
        var found = new List<BunqNotificationFilter>();
        foreach (BunqEnvelopeItem item in envelope.Items)
        {
            // bunq answers the listing's filters in one item; an item that is itself a filter is read the same way.
            IEnumerable<JsonElement> filters = item.Value.TryGetProperty("notification_filters", out JsonElement nested) && nested.ValueKind == JsonValueKind.Array
                ? nested.EnumerateArray()
                : [item.Value];
            found.AddRange(filters.Select(Read).OfType<BunqNotificationFilter>());
        }

        return found;
    }

    /// <summary>Removes every URL filter of the user (or of <paramref name="monetaryAccountId"/>): bunq's empty list.</summary>
    public static Task RemoveAllAsync(BunqConnection connection, long? monetaryAccountId = null, CancellationToken cancellationToken = default) =>
        SetAsync(connection, [], monetaryAccountId, cancellationToken);

    private static BunqNotificationFilter? Read(JsonElement filter) =>
        filter.ValueKind == JsonValueKind.Object
        && filter.TryGetProperty("category", out JsonElement category) && category.ValueKind == JsonValueKind.String
        && filter.TryGetProperty("notification_target", out JsonElement target) && target.ValueKind == JsonValueKind.String
        && Uri.TryCreate(target.GetString(), UriKind.Absolute, out Uri? uri)
            ? new BunqNotificationFilter(category.GetString()!, uri)
            : null;
}

/// <summary>
/// bunq's <c>notification-filter-url</c> of a user and of a monetary account. The bodies are written by hand
/// (<see cref="HttpContent"/>, which Refit sends as it is): they serialize without the app's JSON metadata, so on
/// NativeAOT too, and do not lean on bunq's OpenAPI description, whose <c>NotificationFilterUrl</c> items list neither
/// <c>category</c> nor <c>notification_target</c>. BUNQ014 would read HttpContent's own properties as JSON fields.
/// </summary>
[BunqEndpoint, Signed]
#pragma warning disable BUNQ014
internal interface IBunqNotificationFilterApi
{
    [Post("/user/{userId}/notification-filter-url")]
    Task<BunqEnvelope> SetForUserAsync(long userId, [Body] HttpContent filters, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/notification-filter-url")]
    Task<BunqEnvelope> ListForUserAsync(long userId, CancellationToken cancellationToken = default);

    [Post("/user/{userId}/monetary-account/{accountId}/notification-filter-url")]
    Task<BunqEnvelope> SetForAccountAsync(long userId, long accountId, [Body] HttpContent filters, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/notification-filter-url")]
    Task<BunqEnvelope> ListForAccountAsync(long userId, long accountId, CancellationToken cancellationToken = default);
}
#pragma warning restore BUNQ014
