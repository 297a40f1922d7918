using Refit;

namespace Bunq.Emulator.Aspire.Tests;

// A referencing project's bunq client, as users declare it.

[BunqEndpoint, Signed]
public interface IMonetaryAccounts
{
    [Get("/user/{userId}/monetary-account-bank")]
    Task<BunqList<MonetaryAccountBank>> ListAsync(long userId, CancellationToken cancellationToken = default);
}

[BunqClient]
public partial class Bank;

public sealed record MonetaryAccountBank(long Id, string Description, BunqAmount Balance);
