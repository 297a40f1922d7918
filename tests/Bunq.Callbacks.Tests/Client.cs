using Refit;

namespace Bunq.Callbacks.Tests;

[BunqEndpoint, Signed]
public interface IMonetaryAccounts
{
    [Get("/user/{userId}/monetary-account-bank")]
    Task<BunqList<MonetaryAccountBank>> ListAsync(long userId, CancellationToken cancellationToken = default);
}

[BunqEndpoint, Signed]
public interface IPayments
{
    [Post("/user/{userId}/monetary-account/{accountId}/payment")]
    Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment payment, CancellationToken cancellationToken = default);
}

[BunqEndpoint, Signed]
public interface IEvents
{
    [Get("/user/{userId}/event")]
    Task<BunqList<EventItem>> ListAsync(
        long userId, [Query] int? count = null, [Query, AliasAs("older_id")] long? olderId = null,
        [Query, AliasAs("monetary_account_id")] string? accounts = null, [Query] string? status = null,
        [Query, AliasAs("display_user_event")] string? displayUserEvent = null, CancellationToken cancellationToken = default);
}

/// <summary>Raw bodies for the routes whose bunq description is wrong (NotificationFilterUrl lists neither field it takes).</summary>
[BunqEndpoint, Signed]
#pragma warning disable BUNQ014 // HttpContent is sent as it is; its own properties are not JSON fields
public interface IRawFilters
{
    [Post("/user/{userId}/notification-filter-url")]
    Task<BunqId> SetAsync(long userId, [Body] HttpContent body, CancellationToken cancellationToken = default);

    [Post("/user/{userId}/notification-filter-failure")]
    Task<BunqId> RetryFailuresAsync(long userId, [Body] HttpContent body, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/notification-filter-failure")]
    Task<BunqEnvelope> ListFailuresAsync(long userId, CancellationToken cancellationToken = default);
}
#pragma warning restore BUNQ014

[BunqClient]
public partial class Bank;

public sealed record MonetaryAccountBank
{
    public long Id { get; init; }

    public BunqAmount Balance { get; init; } = BunqAmount.Of(0, "EUR");

    public IReadOnlyList<BunqPointer> Alias { get; init; } = [];

    public string Iban => Alias.First(a => a.Type == "IBAN").Value;
}

public sealed record NewPayment(BunqAmount Amount, BunqPointer CounterpartyAlias, string Description);

public sealed record EventItem
{
    public long Id { get; init; }

    public string Action { get; init; } = "";

    public string UserId { get; init; } = "";

    public string? MonetaryAccountId { get; init; }

    public string Status { get; init; } = "";

    public System.Text.Json.JsonElement Object { get; init; }
}

/// <summary>The payment as a receiver's app reads it: source-generated metadata only.</summary>
public sealed record CallbackPayment
{
    public long Id { get; init; }

    public long MonetaryAccountId { get; init; }

    public BunqAmount Amount { get; init; } = BunqAmount.Of(0, "EUR");

    public string Description { get; init; } = "";
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
[System.Text.Json.Serialization.JsonSerializable(typeof(CallbackPayment))]
public sealed partial class CallbackJson : System.Text.Json.Serialization.JsonSerializerContext;
