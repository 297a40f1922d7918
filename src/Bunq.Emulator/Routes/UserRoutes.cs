using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary><c>/user</c> and the check every <c>/user/{userID}/...</c> route shares.</summary>
internal static class UserRoutes
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("GET", "/v1/user", context => List(context, state), RouteAuth.Session);
        routes.Map("GET", "/v1/user/{itemId}", context => Get(context, state), RouteAuth.Session);
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
        UserKind.ApiKey => Item("UserApiKey", new JsonObject
        {
            ["id"] = user.Id,
            ["requested_by_user"] = UserItem(user.RequestedBy!),
            ["granted_by_user"] = UserItem(user.GrantedBy!),
        }),
        UserKind.PaymentServiceProvider => Psd2Routes.ProviderItem(user),
        _ => Item("UserPerson", new JsonObject
        {
            ["id"] = user.Id,
            ["display_name"] = user.DisplayName,
            ["public_nick_name"] = user.DisplayName.Split(' ')[0],
            ["status"] = "ACTIVE",
            ["session_timeout"] = user.SessionTimeout,
            ["language"] = "en_US",
            ["region"] = "nl_NL",
        }),
    };

    private static IResult List(HttpContext context, EmulatorState state)
    {
        lock (state.Gate)
        {
            return Ok(UserItem(CallContext.Of(context).Session!.ApiKey.User));
        }
    }

    private static IResult Get(HttpContext context, EmulatorState state)
    {
        lock (state.Gate)
        {
            return TryOwnUser(context, "itemId", out Session session, out IResult? refusal) ? Ok(UserItem(session.ApiKey.User)) : refusal!;
        }
    }
}
