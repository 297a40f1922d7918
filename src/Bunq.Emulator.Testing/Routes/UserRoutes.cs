using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary><c>/user</c> and <c>/user-person</c>.</summary>
internal static class UserRoutes
{
    private static readonly string CardNameItem = Bunq.Catalogue.BunqCatalogue.Embedded.AnswerObject("GET", "/user/{userID}/card-name");

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("GET", "/v1/user", context => List(context, state), RouteAuth.Session);
        routes.Map("GET", "/v1/user/{itemId}", context => Ok(UserItem(state, CallContext.Of(context).Session!.ApiKey.User)), RouteAuth.Session, itemIs: ItemIs.User);
        routes.Map("GET", "/v1/user-person/{itemId}", context => TryPerson(context, out User person, out IResult? refusal) ? Ok(UserItem(state, person)) : refusal!,
            RouteAuth.Session, itemIs: ItemIs.User);
        routes.Map("PUT", "/v1/user-person/{itemId}", UpdatePerson, RouteAuth.Session, itemIs: ItemIs.User);
        routes.Map("GET", "/v1/user/{userID}/card-name", context => Paging.TryRead(context, out Paging paging, out IResult? refusal)
            ? paging.Page(context, [CallContext.Of(context).Session!.DataOwner], u => u.Id, u => CardNames(state, u))
            : refusal!, RouteAuth.Session);
    }

    public static JsonNode UserItem(EmulatorState state, User user) => user.Kind switch
    {
        UserKind.ApiKey => Item("UserApiKey", BunqObjects.UserApiKey(state, user)),
        UserKind.PaymentServiceProvider => Psd2Routes.ProviderItem(state, user),
        _ => BunqObjects.UserPersonItem(state, user),
    };

    private static IResult List(HttpContext context, EmulatorState state)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        return paging.Page(context, [CallContext.Of(context).Session!.ApiKey.User], u => u.Id, u => UserItem(state, u));
    }

    /// <summary>
    /// Changes the person's <c>session_timeout</c> (what bunq's SDKs send through this PUT), used by sessions opened
    /// afterwards. bunq's own bounds are not published; the emulator takes any whole number of seconds from 1 up, so
    /// tests can watch expiry and extension happen.
    /// </summary>
    private static IResult UpdatePerson(HttpContext context)
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

        if (!TryPerson(context, out User person, out IResult? refusal))
        {
            return refusal!;
        }

        person.SessionTimeout = timeout ?? person.SessionTimeout;
        return Ok(Id(person.Id));
    }

    /// <summary>
    /// The names bunq would print on the user's card, wrapped as the catalogue's answer object for the route
    /// (<c>CardUserNameArray</c>, as bunq's SDKs read it, where the description says <c>CardName</c>; data/bunq-facts.txt),
    /// in the formats "Name Surname, N. Surname, N Surname or Surname".
    /// </summary>
    private static JsonObject CardNames(EmulatorState state, User user)
    {
        string[] names = PossibleCardNames(user);
        return Item(CardNameItem, state.Objects.Build("CardNameListing", user.Id, user, new JsonObject
        {
            ["possible_card_name_array"] = new JsonArray(names.Select(n => (JsonNode)n).ToArray()),
        }));
    }

    /// <summary>The names a card of <paramref name="user"/> can carry: "Check 'card-name' for the available card names for a user" (bunq's CardDebit.name_on_card).</summary>
    internal static string[] PossibleCardNames(User user)
    {
        string[] parts = user.DisplayName.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return parts is [var first, var last] ? [first + " " + last, first[0] + ". " + last, first[0] + " " + last, last] : [user.DisplayName];
    }

    /// <summary>The caller's user (the route guard checked <c>{itemId}</c> names it) when it is a person.</summary>
    private static bool TryPerson(HttpContext context, out User person, out IResult? refusal)
    {
        person = CallContext.Of(context).Session!.ApiKey.User;
        refusal = person.Kind == UserKind.Person ? null : Error(404, "User not found.");
        return refusal is null;
    }
}
