using System.Globalization;
using Bunq.Catalogue;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// The one filter every bunq route runs through after the protocol checks, under the state's lock: <c>{userID}</c>
/// must be the session's user and <c>{monetary-accountID}</c> one of its data owner's accounts (404 otherwise, as bunq
/// reveals no one else's), then the body is held to bunq's request type. A handler sees only calls that passed, with
/// the account on <see cref="CallContext.Account"/>, and holds the same lock, so what was checked still holds.
/// </summary>
internal static class RouteGuard
{
    /// <summary>Placeholders that name a user: the session's own, or 404 (<c>/user-company/{user-companyID}/name</c> too).</summary>
    private static readonly string[] UserRoutes = ["userID", "user-companyID"];
    private const string AccountRoute = "monetary-accountID";

    /// <summary>
    /// Maps a route whose handler returns an <see cref="IResult"/>, without the reflection-based delegate factory. The
    /// body is checked against the catalogue's request type of the same verb and route unless <paramref name="requestType"/>
    /// names another. A route of bunq's takes its token, signature rule and raw-byte facts from the catalogue;
    /// <paramref name="auth"/> and <paramref name="signatureRequired"/> are for routes the catalogue lacks, and where a
    /// caller states them for one of bunq's routes they must agree with it (checked at start-up), so no route can
    /// quietly differ from the catalogue.
    /// </summary>
    public static IEndpointConventionBuilder Map(
        this IEndpointRouteBuilder routes, string method, string pattern, Func<HttpContext, IResult> handler, RouteAuth? auth = null,
        bool? signatureRequired = null, bool fromCatalogue = false, ItemIs itemIs = ItemIs.Object, BunqObjectType? requestType = null)
    {
        EmulatorState state = routes.ServiceProvider.GetRequiredService<EmulatorState>();
        BunqCatalogue catalogue = BunqCatalogue.Embedded;
        BunqOperation? operation = catalogue.Find(method, pattern["/v1".Length..]);
        // A raw body (an attachment upload: the file itself) has no JSON to check, whatever the catalogue's type says.
        requestType ??= method is "POST" or "PUT" && operation?.Facts.RawBody != true ? catalogue.Type(operation?.RequestType) : null;
        RouteRule rule = operation is null
            ? new RouteRule(auth ?? RouteAuth.Session, signatureRequired ?? false, fromCatalogue, itemIs, requestType)
            : new RouteRule(RouteRule.AuthOf(operation.Facts), operation.Facts.SignatureRequired, fromCatalogue, itemIs, requestType,
                operation.Facts.RawBody, operation.Facts.RawAnswer);
        if ((auth is { } stated && stated != rule.Auth) || (signatureRequired is { } required && required != rule.SignatureRequired))
        {
            throw new InvalidOperationException($"{method} {pattern} is mapped as {auth}, signature required {signatureRequired}; "
                + $"bunq's catalogue says {rule.Auth}, {rule.SignatureRequired} (data/bunq-facts.txt).");
        }

        return routes.MapMethods(pattern, [method], (RequestDelegate)(context =>
        {
            IResult result;
            lock (state.Gate)
            {
                CallContext.Of(context).Changed = ScheduleRunner.RunDue(state); // what the clock made due happens before the call sees the state
                result = Check(context, state, catalogue, rule) ?? handler(context);
            }

            return result.ExecuteAsync(context);
        })).WithMetadata(rule);
    }

    public static long RouteLong(this HttpContext context, string name) =>
        long.TryParse(context.Request.RouteValues[name] as string, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : -1;

    private static IResult? Check(HttpContext context, EmulatorState state, BunqCatalogue catalogue, RouteRule rule)
    {
        CallContext call = CallContext.Of(context);
        if (call.Session is { } session)
        {
            string? userRoute = Array.Find(UserRoutes, context.Request.RouteValues.ContainsKey) ?? (rule.ItemIs == ItemIs.User ? "itemId" : null);
            if (userRoute is not null && context.RouteLong(userRoute) != session.ApiKey.User.Id)
            {
                return Error(404, "User not found.");
            }

            string? accountRoute = context.Request.RouteValues.ContainsKey(AccountRoute) ? AccountRoute : rule.ItemIs == ItemIs.Account ? "itemId" : null;
            if (accountRoute is not null)
            {
                if (!state.Accounts.TryGetValue(context.RouteLong(accountRoute), out Account? account) || !account.OwnedBy(session.DataOwner.Id))
                {
                    return Error(404, "Monetary account not found.");
                }

                if (account.Status != "ACTIVE" && context.Request.Method != "GET")
                {
                    return Error(400, "The monetary account is closed.");
                }

                call.Account = account;
            }
        }

        return rule.RequestType is { } type && SchemaValidator.Check(catalogue, type, call.Body, partial: context.Request.Method == "PUT") is { } problem ? Error(400, problem) : null;
    }
}
