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
        routes.Map("GET", Base + "/{itemId}", context => Get(context, state), RouteAuth.Session);
        routes.Map("POST", Base, context => Create(context, state), RouteAuth.Session);
        routes.Map("PUT", Base + "/{itemId}", context => Update(context, state), RouteAuth.Session);
        routes.Map("GET", AnyType, context => List(context, state), RouteAuth.Session);
        routes.Map("GET", AnyType + "/{itemId}", context => Get(context, state), RouteAuth.Session);
    }

    /// <summary>The account <c>{accountRoute}</c> when it belongs to the session's data owner.</summary>
    public static bool TryOwnAccount(HttpContext context, EmulatorState state, string accountRoute, out Account account, out IResult? refusal)
    {
        account = null!;
        if (!UserRoutes.TryOwnUser(context, "userID", out Session session, out refusal))
        {
            return false;
        }

        if (!state.Accounts.TryGetValue(context.RouteLong(accountRoute), out Account? found) || found.UserId != session.DataOwner.Id)
        {
            refusal = Error(404, "Monetary account not found.");
            return false;
        }

        account = found;
        return true;
    }

    public static JsonObject AccountItem(EmulatorState state, Account account) =>
        Item("MonetaryAccountBank", BunqObjects.MonetaryAccountBank(account, state.Users[account.UserId]));

    private static IResult List(HttpContext context, EmulatorState state)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        lock (state.Gate)
        {
            if (!UserRoutes.TryOwnUser(context, "userID", out Session session, out refusal))
            {
                return refusal!;
            }

            return paging.Page(context, state.Accounts.Values.Where(a => a.UserId == session.DataOwner.Id), a => a.Id, a => AccountItem(state, a));
        }
    }

    private static IResult Get(HttpContext context, EmulatorState state)
    {
        lock (state.Gate)
        {
            return TryOwnAccount(context, state, "itemId", out Account account, out IResult? refusal) ? Ok(AccountItem(state, account)) : refusal!;
        }
    }

    private static IResult Create(HttpContext context, EmulatorState state)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        string currency = body.String("currency") ?? string.Empty;
        if (currency.Length != 3)
        {
            return Error(400, "Field 'currency' must be an ISO 4217 code.");
        }

        lock (state.Gate)
        {
            if (!UserRoutes.TryOwnUser(context, "userID", out Session session, out IResult? refusal))
            {
                return refusal!;
            }

            Account account = state.CreateAccount(session.DataOwner.Id, body.String("description") ?? "Account", currency);
            return Ok(Id(account.Id));
        }
    }

    /// <summary>bunq lets the description (and other settings the emulator does not model) change; the body is held to the schema.</summary>
    private static IResult Update(HttpContext context, EmulatorState state)
    {
        byte[] body = CallContext.Of(context).Body;
        if (Bunq.Catalogue.BunqCatalogue.Embedded.Type("MonetaryAccountBank") is { } type && SchemaValidator.Check(Bunq.Catalogue.BunqCatalogue.Embedded, type, body) is { } problem)
        {
            return Error(400, problem);
        }

        string? description = RequestJson.Parse(body).String("description");
        lock (state.Gate)
        {
            if (!TryOwnAccount(context, state, "itemId", out Account account, out IResult? refusal))
            {
                return refusal!;
            }

            account.Description = string.IsNullOrWhiteSpace(description) ? account.Description : description;
            return Ok(Id(account.Id));
        }
    }
}
