namespace Bunq.Emulator;

/// <summary>Where a callback stands.</summary>
public enum EmulatorCallbackOutcome
{
    /// <summary>Queued, being sent, or waiting a minute for its next try.</summary>
    Pending,

    /// <summary>The target answered 2xx.</summary>
    Delivered,

    /// <summary>Six tries failed (bunq's rule: the first and 5 retries, one minute apart); listed by <c>notification-filter-failure</c>.</summary>
    Failed,
}

/// <summary>One try to deliver a callback.</summary>
/// <param name="Time">When the try started, on the emulator's clock.</param>
/// <param name="StatusCode">The target's HTTP status; null when no answer came (refused, TLS, timeout).</param>
/// <param name="Error">Why the try failed; null when it succeeded.</param>
public sealed record EmulatorCallbackAttempt(DateTimeOffset Time, int? StatusCode, string? Error);

/// <summary>A callback the emulator sent (or is sending), as a test sees it: a snapshot, never changed afterwards.</summary>
/// <param name="Id">The callback's id in this emulator.</param>
/// <param name="EventId">The event (<c>GET /user/{userID}/event</c>) it reports.</param>
/// <param name="Target">The filter's <c>notification_target</c>.</param>
/// <param name="Category">bunq's category: PAYMENT, MUTATION, REQUEST, …</param>
/// <param name="EventType">bunq's event type: PAYMENT_CREATED, MUTATION_RECEIVED, …</param>
/// <param name="ObjectName">The object's type name: Payment, RequestInquiry, …</param>
/// <param name="ObjectId">The object's id.</param>
/// <param name="UserId">The user whose change it reports.</param>
/// <param name="Body">The JSON body sent (bunq's <c>NotificationUrl</c>).</param>
/// <param name="Attempts">Every try so far, oldest first.</param>
/// <param name="Outcome">Where it stands.</param>
public sealed record EmulatorCallback(
    long Id, long EventId, string Target, string Category, string EventType, string ObjectName, long ObjectId, long UserId, string Body,
    IReadOnlyList<EmulatorCallbackAttempt> Attempts, EmulatorCallbackOutcome Outcome);
