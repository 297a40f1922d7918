using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>The events and URL filters in the data directory's state file (<c>"events"</c>), so both survive a restart.</summary>
internal static class EventsFile
{
    public static JsonObject Save(EmulatorEvents events) => new()
    {
        ["next_id"] = events.PeekNextId(),
        ["filters"] = new JsonArray(events.Filters.Select(f => (JsonNode?)new JsonObject
        {
            ["subscriber"] = f.Key.Subscriber, ["account"] = f.Key.AccountId, ["data_owner"] = f.Value.DataOwner,
            ["filters"] = new JsonArray(f.Value.Filters.Select(n => (JsonNode?)new JsonObject { ["category"] = n.Category, ["target"] = n.Target }).ToArray()),
        }).ToArray()),
        ["all"] = new JsonArray(events.All.Select(e => (JsonNode?)new JsonObject
        {
            ["id"] = e.Id, ["created"] = e.Created, ["user"] = e.UserId, ["account"] = e.AccountId, ["name"] = e.ObjectName,
            ["value"] = e.Value, ["action"] = e.Action, ["status"] = e.Status,
            ["topics"] = new JsonArray(e.Topics.Select(t => (JsonNode?)new JsonObject { ["category"] = t.Category, ["event_type"] = t.EventType }).ToArray()),
        }).ToArray()),
    };

    /// <summary>
    /// Reads what <see cref="Save"/> wrote through the state file's one <paramref name="reader"/> (errors name the place:
    /// <c>events.all[0].topics[1].category</c>, never a value); a state file from before events existed has none.
    /// </summary>
    public static void Load(EmulatorEvents events, StateFileReader reader, JsonObject? saved)
    {
        if (saved is null)
        {
            return;
        }

        events.SetNextId(reader.Get<long>(saved, "next_id"));
        foreach (JsonNode f in reader.Items(saved, "filters"))
        {
            var owner = new FilterOwner(reader.Get<long>(f, "subscriber"), reader.OptionalValue<long>(f, "account"));
            var set = new FilterSet(reader.Get<long>(f, "data_owner"),
                reader.List(f, "filters", n => new NotificationFilter(reader.Get<string>(n, "category"), reader.Get<string>(n, "target"))));
            reader.Add(events.Filters, owner, set, "subscriber"); // one filter set per subscriber and account, as Save writes them
        }

        foreach (JsonNode e in reader.Items(saved, "all"))
        {
            events.All.Add(new EmulatorEvent(reader.Get<long>(e, "id"), reader.Get<DateTimeOffset>(e, "created"), reader.Get<long>(e, "user"),
                reader.OptionalValue<long>(e, "account"), reader.Get<string>(e, "name"), EmulatorEvent.Json(reader.Get<JsonObject>(e, "value")),
                reader.List(e, "topics", t => new CallbackTopic(reader.Get<string>(t, "category"), reader.Get<string>(t, "event_type"))),
                reader.Get<string>(e, "action"), reader.Get<string>(e, "status")));
        }
    }
}
