using System.Text.Json;
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
/// <param name="ValueJson">The object's fields at the change, as its GET answers them, kept as their JSON text: one array
/// per event rather than a tree of nodes (an emulator that takes thousands of payments keeps every event, and the
/// garbage collector walked those trees again and again; docs/benchmarks.md, P6 round two).</param>
/// <param name="Topics">The callback categories and event types it raises.</param>
/// <param name="Action">bunq's <c>action</c>: CREATE or UPDATE.</param>
/// <param name="Status">bunq's <c>status</c>: FINALIZED, or AWAITING_REPLY (a request received).</param>
internal sealed record EmulatorEvent(
    long Id, DateTimeOffset Created, long UserId, long? AccountId, string ObjectName, byte[] ValueJson, IReadOnlyList<CallbackTopic> Topics,
    string Action, string Status)
{
    /// <summary>The object's fields at the change: a fresh copy at each read, for the caller to place in an answer.</summary>
    public JsonObject Value => JsonNode.Parse(ValueJson)!.AsObject();

    /// <summary>The object id a callback failure names (<c>object_id</c>).</summary>
    public long ObjectId { get; } = IdOf(ValueJson);

    /// <summary>The JSON text an event keeps of <paramref name="value"/>.</summary>
    public static byte[] Json(JsonObject value) => BunqJsonWriter.Utf8(value, static (writer, v) => v.WriteTo(writer));

    // The object's own "id" (a top-level number), without building the object.
    private static long IdOf(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read(); // the object's start
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long id))
            {
                return id;
            }

            reader.Skip();
        }

        return 0;
    }
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
