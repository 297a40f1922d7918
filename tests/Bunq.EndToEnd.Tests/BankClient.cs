using Refit;

namespace Bunq.EndToEnd.Tests;

[BunqEndpoint, Signed]
public interface IUsers
{
    [Get("/user")]
    Task<BunqList<UserPerson>> ListAsync(CancellationToken cancellationToken = default);
}

[BunqEndpoint, Signed]
public interface IMonetaryAccounts
{
    [Get("/user/{userId}/monetary-account-bank")]
    Task<BunqList<MonetaryAccountBank>> ListAsync(long userId, CancellationToken cancellationToken = default);
}

[BunqEndpoint]
public interface IPayments
{
    [Signed, Post("/user/{userId}/monetary-account/{accountId}/payment")]
    Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment payment, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/monetary-account/{accountId}/payment")]
    Task<BunqList<Payment>> ListAsync(long userId, long accountId, [Query] int? count = null, [Query, AliasAs("older_id")] long? olderId = null, CancellationToken cancellationToken = default);

    [Signed, Post("/user/{userId}/monetary-account/{accountId}/request-inquiry")]
    Task<BunqId> RequestAsync(long userId, long accountId, [Body] NewRequestInquiry request, CancellationToken cancellationToken = default);
}

/// <summary>Scheduled payments: bunq wraps them as <c>ScheduledPayment</c>, and its PUT answers the whole object (data/bunq-facts.txt).</summary>
[BunqEndpoint, Signed]
public interface ISchedules
{
    [Post("/user/{userId}/monetary-account/{accountId}/schedule-payment")]
    Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewSchedulePayment schedule, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/schedule-payment/{scheduleId}")]
    Task<ScheduledPayment> GetAsync(long userId, long accountId, long scheduleId, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/schedule-payment")]
    Task<BunqList<ScheduledPayment>> ListAsync(long userId, long accountId, CancellationToken cancellationToken = default);

    [Put("/user/{userId}/monetary-account/{accountId}/schedule-payment/{scheduleId}")]
    Task<ScheduledPayment> UpdateAsync(long userId, long accountId, long scheduleId, [Body] NewSchedulePayment change, CancellationToken cancellationToken = default);
}

[BunqClient]
public partial class Bank;

public sealed record UserPerson
{
    public long Id { get; init; }

    public string DisplayName { get; init; } = "";
}
