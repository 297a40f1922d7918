using Refit;

namespace Bunq.Emulator.Fixture.Tests;

// The code under test: what your application declares.

[BunqEndpoint, Signed]
public interface IMonetaryAccounts
{
    [Get("/user/{userId}/monetary-account-bank")]
    Task<BunqList<MonetaryAccountBank>> ListAsync(long userId, CancellationToken cancellationToken = default);
}

[BunqClient]
public partial class Bank;

public sealed record MonetaryAccountBank
{
    public long Id { get; init; }

    public string Description { get; init; } = "";

    public BunqAmount Balance { get; init; } = BunqAmount.Of(0, "EUR");
}
