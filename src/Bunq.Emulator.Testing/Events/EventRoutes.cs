using System.Globalization;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>GET /user/{userID}/event</c> and <c>/event/{itemId}</c>, from the events the emulator recorded, newest first with
/// bunq's Pagination and the filters its API reference lists: "monetary_account_id={id,id}" (only events of those
/// accounts), "status={AWAITING_REPLY/FINALIZED}", and "display_user_event=false" (no user events, those not related to
/// a monetary account).
/// </summary>
internal static class EventRoutes
{
    private const string Events = "/v1/user/{userID}/event";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("GET", Events, context => List(context, state), RouteAuth.Session);
        routes.Map("GET", Events + "/{itemId}", context => Get(context, state), RouteAuth.Session);
    }

    /// <summary>An event as bunq's <c>EventRead</c> schema has it (ids of user and account are strings there).</summary>
    public static JsonObject EventItem(EmulatorEvent recorded) => Item("Event", new JsonObject
    {
        ["id"] = recorded.Id,
        ["created"] = Time(recorded.Created),
        ["updated"] = Time(recorded.Created),
        ["action"] = recorded.Action,
        ["user_id"] = recorded.UserId.ToString(CultureInfo.InvariantCulture),
        ["monetary_account_id"] = recorded.AccountId?.ToString(CultureInfo.InvariantCulture),
        ["object"] = new JsonObject { [recorded.ObjectName] = recorded.Value },
        ["status"] = recorded.Status,
    });

    private static IResult List(HttpContext context, EmulatorState state)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        if (!TryFilter(context.Request.Query, out Func<EmulatorEvent, bool>? filter, out string? problem))
        {
            return Error(400, problem!);
        }

        long owner = CallContext.Of(context).Session!.DataOwner.Id; // {userID} is the session's: RouteGuard checked it
        return paging.Page(context, state.Events.All.Where(e => e.UserId == owner && filter!(e)), e => e.Id, EventItem);
    }

    private static IResult Get(HttpContext context, EmulatorState state)
    {
        long id = context.RouteLong("itemId"), owner = CallContext.Of(context).Session!.DataOwner.Id;
        EmulatorEvent? found = state.Events.All.Find(e => e.Id == id && e.UserId == owner);
        return found is null ? Error(404, "Event not found.") : Ok(EventItem(found));
    }

    private static bool TryFilter(IQueryCollection query, out Func<EmulatorEvent, bool>? filter, out string? problem)
    {
        filter = null;
        problem = null;
        HashSet<long>? accounts = null;
        if (query.TryGetValue("monetary_account_id", out var accountText))
        {
            accounts = [];
            foreach (string part in accountText.ToString().Trim('{', '}').Split(','))
            {
                if (!long.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long account))
                {
                    problem = "Parameter 'monetary_account_id' must be one or more account ids, separated by commas.";
                    return false;
                }

                accounts.Add(account);
            }
        }

        string? status = query.TryGetValue("status", out var statusText) ? statusText.ToString() : null;
        if (status is not (null or "AWAITING_REPLY" or "FINALIZED"))
        {
            problem = "Parameter 'status' must be AWAITING_REPLY or FINALIZED.";
            return false;
        }

        string? display = query.TryGetValue("display_user_event", out var displayText) ? displayText.ToString() : null;
        if (display is not (null or "true" or "false"))
        {
            problem = "Parameter 'display_user_event' must be true or false.";
            return false;
        }

        filter = e => (accounts is null || (e.AccountId is { } account && accounts.Contains(account)))
            && (status is null || e.Status == status)
            && (display != "false" || e.AccountId is not null);
        return true;
    }
}
