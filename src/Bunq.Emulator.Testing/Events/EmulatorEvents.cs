using System.Text;
using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// The emulator's one event model: every change bunq reports is recorded here once, with one call
/// (<see cref="Record"/>), and becomes an <c>Event</c> (<c>GET /user/{userID}/event</c>) plus one callback per URL filter
/// of its user or account whose category matches. Callers hold <see cref="EmulatorState.Gate"/>, as for every other
/// change of state, so events keep the order of the changes they describe.
/// </summary>
internal sealed class EmulatorEvents(BunqEmulatorOptions options) : IAsyncDisposable
{
    /// <summary>bunq's API docs, "Callbacks": "at most 2 callback URLs per notification category".</summary>
    public const int MaxUrlsPerCategory = 2;

    /// <summary>
    /// The categories bunq documents ("Callbacks" in its API docs) together with those its OpenAPI description lists on
    /// <c>NotificationFilter.category</c>.
    /// </summary>
    public static readonly IReadOnlySet<string> Categories = new HashSet<string>(StringComparer.Ordinal)
    {
        "BILLING", "BUNQME_TAB", "CARD_TRANSACTION_FAILED", "CARD_TRANSACTION_SUCCESSFUL", "CHAT", "DRAFT_PAYMENT", "IDEAL",
        "MONETARY_ACCOUNT_PROFILE", "MUTATION", "OAUTH", "PAYMENT", "PROMOTION", "REQUEST", "SCHEDULE_RESULT", "SCHEDULE_STATUS",
        "SHARE", "SOFORT", "SUPPORT", "TAB_RESULT", "USER_APPROVAL",
    };

    private long _nextId = options.FirstId - 1;

    /// <summary>Every event, oldest first.</summary>
    public List<EmulatorEvent> All { get; } = [];

    /// <summary>
    /// URL filters, per owner: those set on a user match every change of that user, on any of its accounts; those set on
    /// a monetary account match that account's changes.
    /// </summary>
    public Dictionary<FilterOwner, FilterSet> Filters { get; } = [];

    /// <summary>Delivers the callbacks, off the request path.</summary>
    public CallbackDispatcher Dispatcher { get; } = new(options);

    /// <summary>
    /// Records one change: an event for <paramref name="userId"/> (and <paramref name="accountId"/>, if it concerns an
    /// account) holding <paramref name="value"/> as bunq's <paramref name="objectName"/>, and queues a callback for each
    /// of <paramref name="topics"/> to every matching URL filter. Never waits for a delivery. Call under the state's lock.
    /// </summary>
    public EmulatorEvent Record(
        long userId, long? accountId, string objectName, JsonObject value, IReadOnlyList<CallbackTopic> topics, string action = "CREATE", string status = "FINALIZED") =>
        RecordJson(userId, accountId, objectName, EmulatorEvent.Json(value), topics, action, status);

    /// <summary>As <see cref="Record"/>, for an object already written as its JSON text (<paramref name="valueJson"/>, kept as it is).</summary>
    public EmulatorEvent RecordJson(
        long userId, long? accountId, string objectName, byte[] valueJson, IReadOnlyList<CallbackTopic> topics, string action = "CREATE", string status = "FINALIZED")
    {
        var recorded = new EmulatorEvent(++_nextId, options.TimeProvider.GetUtcNow(), userId, accountId, objectName, valueJson, topics, action, status);
        All.Add(recorded);
        foreach (CallbackTopic topic in topics)
        {
            // A subscriber's URL set both on the user and on the account gets the callback once.
            var targets = Filters.Where(f => f.Value.DataOwner == userId && (f.Key.AccountId is null || f.Key.AccountId == accountId))
                .SelectMany(f => f.Value.Filters.Where(n => n.Category == topic.Category).Select(n => (f.Key.Subscriber, n.Target)))
                .Distinct().OrderBy(t => t.Subscriber).ThenBy(t => t.Target, StringComparer.Ordinal);
            foreach ((long subscriber, string target) in targets)
            {
                Dispatcher.Enqueue(recorded, topic, subscriber, target, Body(recorded, topic, target));
            }
        }

        return recorded;
    }

    /// <summary>Restores the event sequence from the data directory.</summary>
    public void SetNextId(long value) => _nextId = value;

    /// <summary>The last id handed out, for the data directory.</summary>
    public long PeekNextId() => _nextId;

    public ValueTask DisposeAsync() => Dispatcher.DisposeAsync();

    /// <summary>
    /// bunq's callback body, a <c>NotificationUrl</c> (bunq's SDKs, <c>Model/Generated/Object/NotificationUrl</c> and the
    /// <c>NotificationUrlJsons</c> test fixtures of sdk_python): <c>{"NotificationUrl": {"target_url", "category",
    /// "event_type", "object": {"Payment": {…}}}}</c>.
    /// </summary>
    private static byte[] Body(EmulatorEvent recorded, CallbackTopic topic, string target) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["NotificationUrl"] = new JsonObject
        {
            ["target_url"] = target,
            ["category"] = topic.Category,
            ["event_type"] = topic.EventType,
            ["object"] = new JsonObject { [recorded.ObjectName] = recorded.Value },
        },
    }.ToJsonString());
}
