using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary><c>/user/{userID}/monetary-account-bank</c>: list, get, create.</summary>
internal static class AccountRoutes
{
    private const string Base = "/v1/user/{userID}/monetary-account-bank";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("GET", Base, context => List(context, state), RouteAuth.Session);
        routes.Map("GET", Base + "/{itemId}", context => Get(context, state), RouteAuth.Session);
        routes.Map("POST", Base, context => Create(context, state), RouteAuth.Session);
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

    public static JsonObject AccountItem(Account account) => Item("MonetaryAccountBank", new JsonObject
    {
        ["id"] = account.Id,
        ["created"] = Time(account.Created),
        ["updated"] = Time(account.Created),
        ["user_id"] = account.UserId,
        ["description"] = account.Description,
        ["currency"] = account.Currency,
        ["status"] = "ACTIVE",
        ["balance"] = Amount(account.Balance, account.Currency),
        ["alias"] = new JsonArray(new JsonObject { ["type"] = "IBAN", ["value"] = account.Iban, ["name"] = account.Description }),
    });

    private static IResult List(HttpContext context, EmulatorState state)
    {
        lock (state.Gate)
        {
            if (!UserRoutes.TryOwnUser(context, "userID", out Session session, out IResult? refusal))
            {
                return refusal!;
            }

            return Ok(state.Accounts.Values.Where(a => a.UserId == session.DataOwner.Id).OrderBy(a => a.Id).Select(AccountItem), pagination: null);
        }
    }

    private static IResult Get(HttpContext context, EmulatorState state)
    {
        lock (state.Gate)
        {
            return TryOwnAccount(context, state, "itemId", out Account account, out IResult? refusal) ? Ok(AccountItem(account)) : refusal!;
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
}
