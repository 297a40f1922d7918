using Bunq;
using Refit;

namespace BunqApp;

/// <summary>The bunq endpoints this app calls. Add methods (and interfaces) as you need them: the build checks each one.</summary>
[BunqEndpoint, Signed]
public interface IMonetaryAccounts
{
    [Get("/user/{userId}/monetary-account-bank")]
    Task<BunqList<MonetaryAccountBank>> ListAsync(long userId, CancellationToken cancellationToken = default);
}

/// <summary>The client: the generator writes the rest (ConnectAsync, a property per endpoint interface, AddBank).</summary>
[BunqClient]
public partial class Bank;

/// <summary>bunq's MonetaryAccountBank, with only the fields this app reads (bunq's JSON is snake_case).</summary>
public sealed record MonetaryAccountBank(long Id, string Description, BunqAmount Balance);
