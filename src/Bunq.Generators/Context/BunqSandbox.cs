using System.Text.Json.Serialization;
using Refit;

namespace Bunq;

/// <summary>bunq sandbox conveniences: make a sandbox user, and get money from the sandbox's "sugar daddy".</summary>
public static class BunqSandbox
{
    /// <summary>The sandbox's benefactor: requests to this address are accepted at once, up to 500 EUR each.</summary>
    public const string SugarDaddy = "sugardaddy@bunq.com";

    /// <summary>Creates a sandbox user (<c>POST /sandbox-user-person</c>, no authentication) and returns its API key.</summary>
    public static async Task<string> CreateUserAsync(BunqOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // One anonymous call: parts and a transport of its own (headers, limits, retries, TLS), no context behind it.
        var parts = new BunqPipelineParts(options);
        using BunqRateLimiter limiter = parts.RateLimiter;
        using BunqPinnedTransport transport = BunqHttp.CreateTransport(parts.Settings);
        return await new BunqContextBootstrapper(parts, transport).CreateSandboxUserAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the sugar daddy for <paramref name="amount"/> EUR into an account (at most 500 per request).</summary>
    /// <returns>The id of the request-inquiry.</returns>
    public static async Task<long> TopUpAsync(BunqConnection connection, long accountId, decimal amount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amount, 500m);
        long userId = await connection.GetUserIdAsync(cancellationToken).ConfigureAwait(false);
        var request = new BunqTopUpRequest(BunqAmount.Of(amount, "EUR"), new BunqPointer { Type = "EMAIL", Value = SugarDaddy, Name = "Sugar Daddy" }, "Sandbox top-up", false);
        BunqId id = await connection.CreateClient<IBunqSandboxApi>().RequestAsync(userId, accountId, request, cancellationToken).ConfigureAwait(false);
        return id.Id;
    }
}

internal sealed record BunqTopUpRequest(
    [property: JsonPropertyName("amount_inquired")] BunqAmount AmountInquired,
    [property: JsonPropertyName("counterparty_alias")] BunqPointer CounterpartyAlias,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("allow_bunqme")] bool AllowBunqme);

[BunqEndpoint, Signed]
internal interface IBunqSandboxApi
{
    [Post("/user/{userId}/monetary-account/{accountId}/request-inquiry")]
    Task<BunqId> RequestAsync(long userId, long accountId, [Body] BunqTopUpRequest request, CancellationToken cancellationToken);
}
