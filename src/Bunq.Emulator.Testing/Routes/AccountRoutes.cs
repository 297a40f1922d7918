using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>/user/{userID}/monetary-account-bank</c> and <c>/monetary-account-savings</c> (list, get, create, PUT — which also
/// closes one) and the type-agnostic <c>/user/{userID}/monetary-account</c> (list, get) bunq's SDKs use.
/// </summary>
internal static class AccountRoutes
{
    private const string Base = "/v1/user/{userID}/monetary-account-bank";
    private const string Savings = "/v1/user/{userID}/monetary-account-savings";
    private const string AnyType = "/v1/user/{userID}/monetary-account";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        foreach ((string route, AccountKind kind) in new[] { (Base, AccountKind.Bank), (Savings, AccountKind.Savings) })
        {
            routes.Map("GET", route, context => List(context, state, kind), RouteAuth.Session);
            routes.Map("GET", route + "/{itemId}", context => Of(context, kind, account => Ok(AccountItem(state, account))), RouteAuth.Session, itemIs: ItemIs.Account);
            routes.Map("POST", route, context => Create(context, state, kind), RouteAuth.Session);
            routes.Map("PUT", route + "/{itemId}", context => Of(context, kind, account => Update(context, state, account)), RouteAuth.Session, itemIs: ItemIs.Account);
        }

        JointAccountRoutes.Map(routes, state);
        routes.Map("GET", AnyType, context => List(context, state, kind: null), RouteAuth.Session);
        routes.Map("GET", AnyType + "/{itemId}", context => Ok(AccountItem(state, CallContext.Of(context).Account!)), RouteAuth.Session, itemIs: ItemIs.Account);
    }

    public static JsonObject AccountItem(EmulatorState state, Account account) => account.Kind switch
    {
        AccountKind.Savings => Item("MonetaryAccountSavings", BunqObjects.MonetaryAccountSavings(state, account, state.Users[account.UserId])),
        AccountKind.Joint => Item("MonetaryAccountJoint", JointAccountRoutes.Joint(state, account)),
        _ => Item("MonetaryAccountBank", BunqObjects.MonetaryAccountBank(state, account, state.Users[account.UserId])),
    };

    /// <summary>The session's accounts of <paramref name="kind"/> (any, when null), a joint one for each owner who accepted it, newest first.</summary>
    internal static IResult List(HttpContext context, EmulatorState state, AccountKind? kind)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        User owner = CallContext.Of(context).Session!.DataOwner;
        return paging.Page(context, state.Accounts.Values.Where(a => a.OwnedBy(owner.Id) && (kind is null || a.Kind == kind)), a => a.Id, a => AccountItem(state, a));
    }

    /// <summary>The caller's account of the route's kind (a savings account is not found under monetary-account-bank).</summary>
    private static IResult Of(HttpContext context, AccountKind kind, Func<Account, IResult> action) =>
        CallContext.Of(context).Account is { } account && account.Kind == kind ? action(account) : Error(404, "Monetary account not found.");

    private static IResult Create(HttpContext context, EmulatorState state, AccountKind kind)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        string currency = body.String("currency") ?? string.Empty;
        if (currency.Length != 3)
        {
            return Error(400, "Field 'currency' must be an ISO 4217 code.");
        }

        decimal? goal = null;
        if (body.Child("savings_goal") is not null)
        {
            if (!body.TryAmount("savings_goal", out decimal value, out string goalCurrency) || goalCurrency != currency)
            {
                return Error(400, "Field 'savings_goal' must be a positive amount in the account's currency.");
            }

            goal = value;
        }

        Account account = state.CreateAccount(CallContext.Of(context).Session!.DataOwner.Id, body.String("description") ?? "Account", currency, kind);
        account.SavingsGoal = kind == AccountKind.Savings ? goal : null;
        return Ok(Id(account.Id));
    }

    /// <summary>
    /// bunq lets the description (and settings the emulator does not model) change, or closes the account: "status …
    /// can be CANCELLED or PENDING_REOPEN in PUT requests to cancel (close) or reopen", sub_status "In case of PUT requests
    /// with status CANCELLED it can only be REDEMPTION_VOLUNTARY", reason "can only be OTHER", and "When updating the
    /// status and/or sub_status no other fields can be updated in the same request (and vice versa)" (bunq's SDKs,
    /// <c>MonetaryAccountBank</c>/<c>MonetaryAccountSavings</c>). The emulator closes only an empty account and does not reopen.
    /// </summary>
    internal static IResult Update(HttpContext context, EmulatorState state, Account account)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (body.Child("status") is null && body.Child("sub_status") is null)
        {
            string? description = body.String("description");
            account.Description = string.IsNullOrWhiteSpace(description) ? account.Description : description;
            if (account.Kind == AccountKind.Savings && body.TryAmount("savings_goal", out decimal goal, out string currency) && currency == account.Currency)
            {
                account.SavingsGoal = goal;
            }

            return Ok(Id(account.Id));
        }

        if (body.String("status") != "CANCELLED" || body.String("sub_status") != "REDEMPTION_VOLUNTARY" || body.String("reason") is not (null or "OTHER"))
        {
            return Error(400, "To close an account send status CANCELLED, sub_status REDEMPTION_VOLUNTARY and reason OTHER; the emulator does not reopen accounts.");
        }

        if (body is { } fields && fields.EnumerateObject().Any(f => f.Name is not ("status" or "sub_status" or "reason" or "reason_description")))
        {
            return Error(400, "When the status changes, no other field can change in the same request.");
        }

        if (account.Balance != 0m)
        {
            return Error(400, $"The account still holds {Money(account.Balance)} {account.Currency}; move it out before closing the account.");
        }

        account.Status = "CANCELLED";
        account.SubStatus = "REDEMPTION_VOLUNTARY";
        account.Reason = "OTHER";
        account.ReasonDescription = body.String("reason_description");
        return Ok(Id(account.Id));
    }
}
