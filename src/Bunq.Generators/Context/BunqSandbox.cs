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
        // One anonymous call: a pipeline of its own (headers, limits, retries, TLS) with no context behind it.
        using var http = BunqHttp.CreateClient(options, NoContext.Instance);
        return await new BunqContextBootstrapper(options, () => http).CreateSandboxUserAsync(cancellationToken).ConfigureAwait(false);
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

/// <summary>For the one call made before any context exists: it needs no credentials, and there are none to give.</summary>
internal sealed class NoContext : IBunqSessionProvider
{
    public static readonly NoContext Instance = new();

    public ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken) =>
        throw new BunqException("This call needs a bunq API context; creating a sandbox user does not.");
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
