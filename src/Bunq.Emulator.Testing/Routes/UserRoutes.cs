using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary><c>/user</c>, <c>/user-person</c>, and the check every <c>/user/{userID}/...</c> route shares.</summary>
internal static class UserRoutes
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("GET", "/v1/user", context => List(context, state), RouteAuth.Session);
        routes.Map("GET", "/v1/user/{itemId}", context => Get(context, state), RouteAuth.Session);
        routes.Map("GET", "/v1/user-person/{itemId}", context => GetPerson(context, state), RouteAuth.Session);
        routes.Map("PUT", "/v1/user-person/{itemId}", context => UpdatePerson(context, state), RouteAuth.Session);
    }

    /// <summary>The session's user when <c>{userID}</c> names it; otherwise a 404 (bunq does not reveal other users).</summary>
    public static bool TryOwnUser(HttpContext context, string routeName, out Session session, out IResult? refusal)
    {
        session = CallContext.Of(context).Session!;
        refusal = context.RouteLong(routeName) == session.ApiKey.User.Id ? null : Error(404, "User not found.");
        return refusal is null;
    }

    public static JsonObject UserItem(User user) => user.Kind switch
    {
        UserKind.ApiKey => Item("UserApiKey", BunqObjects.UserApiKey(user)),
        UserKind.PaymentServiceProvider => Psd2Routes.ProviderItem(user),
        _ => Item("UserPerson", BunqObjects.UserPerson(user)),
    };

    private static IResult List(HttpContext context, EmulatorState state)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        lock (state.Gate)
        {
            return paging.Page(context, [CallContext.Of(context).Session!.ApiKey.User], u => u.Id, UserItem);
        }
    }

    private static IResult Get(HttpContext context, EmulatorState state)
    {
        lock (state.Gate)
        {
            return TryOwnUser(context, "itemId", out Session session, out IResult? refusal) ? Ok(UserItem(session.ApiKey.User)) : refusal!;
        }
    }

    private static IResult GetPerson(HttpContext context, EmulatorState state)
    {
        lock (state.Gate)
        {
            return TryOwnPerson(context, out User person, out IResult? refusal) ? Ok(UserItem(person)) : refusal!;
        }
    }

    /// <summary>
    /// Changes the person's <c>session_timeout</c> (what bunq's SDKs send through this PUT), used by sessions opened
    /// afterwards. bunq's own bounds are not published; the emulator takes any whole number of seconds from 1 up, so
    /// tests can watch expiry and extension happen.
    /// </summary>
    private static IResult UpdatePerson(HttpContext context, EmulatorState state)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (body is not { ValueKind: JsonValueKind.Object } fields)
        {
            return Error(400, "The request body must be a JSON object.");
        }

        long? timeout = null;
        if (fields.TryGetProperty("session_timeout", out JsonElement value))
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long seconds) || seconds < 1)
            {
                return Error(400, "Field 'session_timeout' must be a whole number of seconds, at least 1.");
            }

            timeout = seconds;
        }

        lock (state.Gate)
        {
            if (!TryOwnPerson(context, out User person, out IResult? refusal))
            {
                return refusal!;
            }

            person.SessionTimeout = timeout ?? person.SessionTimeout;
            return Ok(Id(person.Id));
        }
    }

    private static bool TryOwnPerson(HttpContext context, out User person, out IResult? refusal)
    {
        person = null!;
        if (!TryOwnUser(context, "itemId", out Session session, out refusal))
        {
            return false;
        }

        if (session.ApiKey.User.Kind != UserKind.Person)
        {
            refusal = Error(404, "User not found.");
            return false;
        }

        person = session.ApiKey.User;
        return true;
    }
}
