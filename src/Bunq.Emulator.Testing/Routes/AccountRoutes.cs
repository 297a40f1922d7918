using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>/user/{userID}/monetary-account-bank</c> (list, get, create) and the type-agnostic <c>/user/{userID}/monetary-account</c>
/// (list, get) bunq's SDKs use; every emulated account is a <c>MonetaryAccountBank</c>.
/// </summary>
internal static class AccountRoutes
{
    private const string Base = "/v1/user/{userID}/monetary-account-bank";
    private const string AnyType = "/v1/user/{userID}/monetary-account";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("GET", Base, context => List(context, state), RouteAuth.Session);
        routes.Map("GET", Base + "/{itemId}", context => Get(context, state), RouteAuth.Session, itemIs: ItemIs.Account);
        routes.Map("POST", Base, context => Create(context, state), RouteAuth.Session);
        routes.Map("PUT", Base + "/{itemId}", Update, RouteAuth.Session, itemIs: ItemIs.Account);
        routes.Map("GET", AnyType, context => List(context, state), RouteAuth.Session);
        routes.Map("GET", AnyType + "/{itemId}", context => Get(context, state), RouteAuth.Session, itemIs: ItemIs.Account);
    }

    public static JsonObject AccountItem(EmulatorState state, Account account) =>
        Item("MonetaryAccountBank", BunqObjects.MonetaryAccountBank(state, account, state.Users[account.UserId]));

    private static IResult List(HttpContext context, EmulatorState state)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        User owner = CallContext.Of(context).Session!.DataOwner;
        return paging.Page(context, state.Accounts.Values.Where(a => a.UserId == owner.Id), a => a.Id, a => AccountItem(state, a));
    }

    private static IResult Get(HttpContext context, EmulatorState state) => Ok(AccountItem(state, CallContext.Of(context).Account!));

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        string currency = body.String("currency") ?? string.Empty;
        if (currency.Length != 3)
        {
            return Error(400, "Field 'currency' must be an ISO 4217 code.");
        }

        Account account = state.CreateAccount(CallContext.Of(context).Session!.DataOwner.Id, body.String("description") ?? "Account", currency);
        return Ok(Id(account.Id));
    }

    /// <summary>bunq lets the description (and other settings the emulator does not model) change; the body is held to the schema by the route guard.</summary>
    private static IResult Update(HttpContext context)
    {
        Account account = CallContext.Of(context).Account!;
        string? description = RequestJson.Parse(CallContext.Of(context).Body).String("description");
        account.Description = string.IsNullOrWhiteSpace(description) ? account.Description : description;
        return Ok(Id(account.Id));
    }
}
