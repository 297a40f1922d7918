using System.Text.Json.Serialization;
using Refit;

namespace Bunq.Callbacks;

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

/// <summary>The generator completes this class: endpoint properties, ConnectAsync, DisposeAsync.</summary>
[BunqClient]
public partial class Bank;

public sealed record MonetaryAccountBank
{
    public long Id { get; init; }

    public IReadOnlyList<BunqPointer> Alias { get; init; } = [];

    public string Iban => Alias.First(a => a.Type == "IBAN").Value;
}

public sealed record NewPayment(BunqAmount Amount, BunqPointer CounterpartyAlias, string Description);

/// <summary>A payment as the callback and the confirmation carry it.</summary>
public sealed record Payment
{
    public long Id { get; init; }

    public long MonetaryAccountId { get; init; }

    public BunqAmount Amount { get; init; } = BunqAmount.Of(0, "EUR");

    public string Description { get; init; } = "";
}

/// <summary>Metadata for our types without reflection: callbacks are read with it too (TryGetObject).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BunqList<MonetaryAccountBank>))]
[JsonSerializable(typeof(NewPayment))]
[JsonSerializable(typeof(Payment))]
internal sealed partial class SampleJson : JsonSerializerContext;
