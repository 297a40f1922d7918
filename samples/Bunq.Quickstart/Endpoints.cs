using System.Text.Json.Serialization;
using Refit;

namespace Bunq.Quickstart;

[BunqEndpoint, Signed]
public interface IMonetaryAccounts
{
    [Get("/user/{userId}/monetary-account-bank")]
    Task<BunqList<MonetaryAccountBank>> ListAsync(long userId, CancellationToken cancellationToken = default);

    [Post("/user/{userId}/monetary-account-bank")]
    Task<BunqId> CreateAsync(long userId, [Body] NewMonetaryAccount account, CancellationToken cancellationToken = default);
}

[BunqEndpoint, Signed]
public interface IPayments
{
    [Post("/user/{userId}/monetary-account/{accountId}/payment")]
    Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment payment, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/payment")]
    Task<BunqList<Payment>> ListAsync(
        long userId, long accountId, [Query] int count, [Query, AliasAs("older_id")] long? olderId = null, CancellationToken cancellationToken = default);
}

/// <summary>The generator completes this class: endpoint properties, ConnectAsync, DisposeAsync, AddBank.</summary>
[BunqClient]
public partial class Bank;

public sealed record MonetaryAccountBank
{
    public long Id { get; init; }

    public string Description { get; init; } = "";

    public BunqAmount Balance { get; init; } = BunqAmount.Of(0, "EUR");

    public IReadOnlyList<BunqPointer> Alias { get; init; } = [];

    public string Iban => Alias.FirstOrDefault(a => a.Type == "IBAN")?.Value ?? "";
}

public sealed record NewMonetaryAccount(string Currency, string Description);

public sealed record NewPayment(BunqAmount Amount, BunqPointer CounterpartyAlias, string Description);

public sealed record Payment
{
    public long Id { get; init; }

    public DateTimeOffset Created { get; init; }

    public BunqAmount Amount { get; init; } = BunqAmount.Of(0, "EUR");

    public string Description { get; init; } = "";

    public PaymentParty CounterpartyAlias { get; init; } = new();
}

public sealed record PaymentParty
{
    public string? Iban { get; init; }

    public string? DisplayName { get; init; }
}

/// <summary>Metadata for our types without reflection, so the quickstart also publishes with NativeAOT.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BunqList<MonetaryAccountBank>))]
[JsonSerializable(typeof(BunqList<Payment>))]
[JsonSerializable(typeof(NewMonetaryAccount))]
[JsonSerializable(typeof(NewPayment))]
[JsonSerializable(typeof(NewNoteAttachment))]
[JsonSerializable(typeof(NewCustomerStatement))]
internal sealed partial class QuickstartJson : JsonSerializerContext;
