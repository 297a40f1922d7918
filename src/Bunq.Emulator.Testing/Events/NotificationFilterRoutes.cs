using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// URL notification filters of a user and of a monetary account, and the callbacks that failed. The body is the one
/// bunq's docs ("Callbacks") and SDKs send, <c>{"notification_filters": [{"category": "PAYMENT", "notification_target":
/// "https://…"}]}</c>, read here without bunq's OpenAPI description, whose <c>NotificationFilterUrl</c> lists neither
/// field. A POST replaces the owner's URL filters (an empty list removes them); targets must be HTTPS; at most 2 URLs
/// per category. <c>notification-filter-failure</c> lists callbacks that failed six times; its POST
/// (<c>notification_filter_failed_ids</c>, ids separated by commas) queues again those of the listed object ids.
/// </summary>
internal static class NotificationFilterRoutes
{
    private const string UserFilters = "/v1/user/{userID}/notification-filter-url";
    private const string AccountFilters = "/v1/user/{userID}/monetary-account/{monetary-accountID}/notification-filter-url";
    private const string Failures = "/v1/user/{userID}/notification-filter-failure";

    /// <summary>
    /// bunq's description of the filters' body lists neither field bunq reads (its <c>NotificationFilterUrl</c> items are
    /// the wrapper again): the routes hold the body to bunq's docs themselves, not to that description.
    /// </summary>
    private static readonly Bunq.Catalogue.BunqObjectType ReadHere = new("NotificationFilterUrl", []);

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("POST", UserFilters, context => Set(context, state), RouteAuth.Session, requestType: ReadHere);
        routes.Map("GET", UserFilters, context => List(context, state), RouteAuth.Session);
        routes.Map("POST", AccountFilters, context => Set(context, state), RouteAuth.Session, requestType: ReadHere);
        routes.Map("GET", AccountFilters, context => List(context, state), RouteAuth.Session);
        routes.Map("GET", Failures, context => ListFailures(context, state), RouteAuth.Session);
        routes.Map("POST", Failures, context => RetryFailures(context, state), RouteAuth.Session);
    }

    private static IResult Set(HttpContext context, EmulatorState state)
    {
        if (!TryRead(CallContext.Of(context).Body, out List<NotificationFilter> filters, out string? problem))
        {
            return Error(400, problem!);
        }

        (FilterOwner owner, long dataOwner) = OwnerOf(context);
        if (filters.Count == 0)
        {
            state.Events.Filters.Remove(owner);
        }
        else
        {
            state.Events.Filters[owner] = new FilterSet(dataOwner, filters);
        }

        return Ok(Id(owner.AccountId ?? owner.Subscriber));
    }

    private static IResult List(HttpContext context, EmulatorState state)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        FilterOwner owner = OwnerOf(context).Owner;
        IReadOnlyList<NotificationFilter> filters = state.Events.Filters.GetValueOrDefault(owner)?.Filters ?? [];
        return paging.Page(context, [owner.AccountId ?? owner.Subscriber], id => id,
            _ => Item("NotificationFilterUrl", new JsonObject { ["notification_filters"] = Array(filters.Select(Filter)) }));
    }

    private static IResult ListFailures(HttpContext context, EmulatorState state)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        long subscriber = CallContext.Of(context).Session!.ApiKey.User.Id;
        return paging.Page(context, state.Events.Dispatcher.Failures(subscriber), c => c.Id, c => Item("NotificationFilterFailure", new JsonObject
        {
            ["notification_filters"] = Array([Filter(new NotificationFilter(c.Category, c.Target))]),
            ["category"] = c.Category,
            ["event_type"] = c.EventType,
            ["object_id"] = c.ObjectId,
            ["exception_message"] = c.Attempts[^1].Error,
            ["response_code"] = c.Attempts[^1].StatusCode,
        }));
    }

    private static IResult RetryFailures(HttpContext context, EmulatorState state)
    {
        string? text = RequestJson.Parse(CallContext.Of(context).Body).String("notification_filter_failed_ids");
        var ids = new HashSet<long>();
        foreach (string part in (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
            {
                return Error(400, "Field 'notification_filter_failed_ids' must list the ids to retry, separated by commas.");
            }

            ids.Add(id);
        }

        long subscriber = CallContext.Of(context).Session!.ApiKey.User.Id;
        state.Events.Dispatcher.Retry(subscriber, ids);
        return Ok(Id(subscriber));
    }

    /// <summary>
    /// Whose filters the route names: the session's own user, and the account when the route has one (RouteGuard checked
    /// both belong to the caller), with the user whose changes they follow.
    /// </summary>
    private static (FilterOwner Owner, long DataOwner) OwnerOf(HttpContext context)
    {
        CallContext call = CallContext.Of(context);
        return (new FilterOwner(call.Session!.ApiKey.User.Id, call.Account?.Id), call.Account?.UserId ?? call.Session.DataOwner.Id);
    }

    /// <summary>Reads and checks the filters; bunq's error shape says what is wrong with the first bad one.</summary>
    private static bool TryRead(byte[] body, out List<NotificationFilter> filters, out string? problem)
    {
        filters = [];
        problem = null;
        if (RequestJson.Parse(body).Child("notification_filters") is not { ValueKind: JsonValueKind.Array } list)
        {
            problem = "Field 'notification_filters' is required: a list of {\"category\", \"notification_target\"}.";
            return false;
        }

        foreach (JsonElement item in list.EnumerateArray())
        {
            JsonElement? filter = item;
            string? category = filter.String("category");
            string? target = filter.String("notification_target");
            string? method = filter.String("notification_delivery_method");
            if (category is null || !EmulatorEvents.Categories.Contains(category))
            {
                problem = "Field 'category' must be one of " + string.Join(", ", EmulatorEvents.Categories.Order(StringComparer.Ordinal)) + ".";
                return false;
            }

            if (method is not (null or "URL"))
            {
                problem = "Field 'notification_delivery_method' of a URL filter must be URL.";
                return false;
            }

            if (!CallbackTransport.IsHttps(target))
            {
                problem = "Field 'notification_target' must be an https URL.";
                return false;
            }

            if (!filters.Exists(f => f.Category == category && f.Target == target))
            {
                filters.Add(new NotificationFilter(category, target!));
            }
        }

        if (filters.GroupBy(f => f.Category).FirstOrDefault(g => g.Count() > EmulatorEvents.MaxUrlsPerCategory) is { } crowded)
        {
            problem = $"At most {EmulatorEvents.MaxUrlsPerCategory} callback URLs per category; {crowded.Key} has {crowded.Count()}.";
            return false;
        }

        return true;
    }

    private static JsonObject Filter(NotificationFilter filter) => new()
    {
        ["notification_delivery_method"] = "URL",
        ["notification_target"] = filter.Target,
        ["category"] = filter.Category,
    };

    private static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Cast<JsonNode?>().ToArray());
}
