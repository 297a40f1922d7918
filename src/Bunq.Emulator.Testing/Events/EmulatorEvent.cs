using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// One change bunq reports (<c>GET /user/{userID}/event</c>): who it belongs to, the object as it was at the change
/// (<c>{"Payment": {…}}</c>), and the callbacks it raises.
/// </summary>
/// <param name="Id">The event's id (its own sequence, as bunq's event ids are).</param>
/// <param name="Created">When the change happened, on the emulator's clock.</param>
/// <param name="UserId">The user the change belongs to.</param>
/// <param name="AccountId">The monetary account it belongs to; null for a user event (not related to an account).</param>
/// <param name="ObjectName">bunq's type name of the object: <c>Payment</c>, <c>RequestInquiry</c>, …</param>
/// <param name="Value">The object's fields at the change, as its GET answers them.</param>
/// <param name="Topics">The callback categories and event types it raises.</param>
/// <param name="Action">bunq's <c>action</c>: CREATE or UPDATE.</param>
/// <param name="Status">bunq's <c>status</c>: FINALIZED, or AWAITING_REPLY (a request received).</param>
internal sealed record EmulatorEvent(
    long Id, DateTimeOffset Created, long UserId, long? AccountId, string ObjectName, JsonObject Value, IReadOnlyList<CallbackTopic> Topics,
    string Action, string Status)
{
    /// <summary>The object id a callback failure names (<c>object_id</c>).</summary>
    public long ObjectId => Value["id"]?.GetValue<long>() ?? 0;
}

/// <summary>
/// A callback category with the event type bunq sends for it. Categories are bunq's ("Callbacks" in its API docs);
/// event types are those bunq's SDKs ship in their callback fixtures where known (<c>MUTATION_CREATED</c>,
/// <c>REQUEST_INQUIRY_ACCEPTED</c>), otherwise named the same way.
/// </summary>
internal readonly record struct CallbackTopic(string Category, string EventType);

/// <summary>One URL filter: a category and the HTTPS address its callbacks go to.</summary>
internal sealed record NotificationFilter(string Category, string Target);

/// <summary>
/// Whose URL filters: the user who set them (the session's own user: an OAuth app's filters stay apart from those of the
/// user who granted it access) and, for a monetary account's filters, that account.
/// </summary>
internal readonly record struct FilterOwner(long Subscriber, long? AccountId);

/// <summary>An owner's URL filters and the user whose changes they follow (the granting user, for an OAuth app).</summary>
internal sealed record FilterSet(long DataOwner, IReadOnlyList<NotificationFilter> Filters);
