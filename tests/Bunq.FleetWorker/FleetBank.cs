using Refit;

namespace Bunq.FleetWorker;

/// <summary>The one endpoint the fleet calls: GET /user, bunq's 3 calls per 3 s.</summary>
[BunqEndpoint, Signed]
public interface IUsers
{
    [Get("/user")]
    Task<BunqList<UserPerson>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>The worker's client.</summary>
[BunqClient]
public partial class FleetBank;

/// <summary>A user, as much as the worker reads.</summary>
public sealed record UserPerson
{
    public long Id { get; init; }
}
