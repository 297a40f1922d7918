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

    /// <summary>Reads what <see cref="Save"/> wrote; a state file from before events existed has none.</summary>
    public static void Load(EmulatorEvents events, JsonNode? saved)
    {
        if (saved is null)
        {
            return;
        }

        events.SetNextId(saved["next_id"]!.GetValue<long>());
        foreach (JsonNode? f in saved["filters"]!.AsArray())
        {
            events.Filters[new FilterOwner(f!["subscriber"]!.GetValue<long>(), f["account"]?.GetValue<long>())] = new FilterSet(f["data_owner"]!.GetValue<long>(),
                f["filters"]!.AsArray().Select(n => new NotificationFilter(n!["category"]!.GetValue<string>(), n["target"]!.GetValue<string>())).ToArray());
        }
        foreach (JsonNode? e in saved["all"]!.AsArray())
        {
            events.All.Add(new EmulatorEvent(e!["id"]!.GetValue<long>(), e["created"]!.GetValue<DateTimeOffset>(), e["user"]!.GetValue<long>(),
                e["account"]?.GetValue<long>(), e["name"]!.GetValue<string>(), EmulatorEvent.Json(e["value"]!.AsObject()),
                e["topics"]!.AsArray().Select(t => new CallbackTopic(t!["category"]!.GetValue<string>(), t["event_type"]!.GetValue<string>())).ToArray(),
                e["action"]!.GetValue<string>(), e["status"]!.GetValue<string>()));
        }
    }

}
