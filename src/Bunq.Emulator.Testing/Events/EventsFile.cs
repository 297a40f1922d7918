using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>The events and URL filters in the data directory's state file (<c>"events"</c>), so both survive a restart.</summary>
internal static class EventsFile
{
    public static JsonObject Save(EmulatorEvents events) => new()
    {
        ["next_id"] = events.PeekNextId(),
        ["user_filters"] = Filters(events.UserFilters),
        ["account_filters"] = Filters(events.AccountFilters),
        ["all"] = new JsonArray(events.All.Select(e => (JsonNode?)new JsonObject
        {
            ["id"] = e.Id, ["created"] = e.Created, ["user"] = e.UserId, ["account"] = e.AccountId, ["name"] = e.ObjectName,
            ["value"] = e.Value.DeepClone(), ["action"] = e.Action, ["status"] = e.Status,
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
        LoadFilters(events.UserFilters, saved["user_filters"]);
        LoadFilters(events.AccountFilters, saved["account_filters"]);
        foreach (JsonNode? e in saved["all"]!.AsArray())
        {
            events.All.Add(new EmulatorEvent(e!["id"]!.GetValue<long>(), e["created"]!.GetValue<DateTimeOffset>(), e["user"]!.GetValue<long>(),
                e["account"]?.GetValue<long>(), e["name"]!.GetValue<string>(), e["value"]!.AsObject().DeepClone().AsObject(),
                e["topics"]!.AsArray().Select(t => new CallbackTopic(t!["category"]!.GetValue<string>(), t["event_type"]!.GetValue<string>())).ToArray(),
                e["action"]!.GetValue<string>(), e["status"]!.GetValue<string>()));
        }
    }

    private static JsonObject Filters(Dictionary<long, IReadOnlyList<NotificationFilter>> table)
    {
        var saved = new JsonObject();
        foreach ((long owner, IReadOnlyList<NotificationFilter> filters) in table)
        {
            saved[owner.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonArray(filters
                .Select(f => (JsonNode?)new JsonObject { ["category"] = f.Category, ["target"] = f.Target }).ToArray());
        }

        return saved;
    }

    private static void LoadFilters(Dictionary<long, IReadOnlyList<NotificationFilter>> table, JsonNode? saved)
    {
        foreach ((string owner, JsonNode? filters) in saved?.AsObject() ?? [])
        {
            table[long.Parse(owner, System.Globalization.CultureInfo.InvariantCulture)] = filters!.AsArray()
                .Select(f => new NotificationFilter(f!["category"]!.GetValue<string>(), f["target"]!.GetValue<string>())).ToArray();
        }
    }
}
