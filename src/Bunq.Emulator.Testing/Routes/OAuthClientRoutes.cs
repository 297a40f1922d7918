using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>/user/{userID}/oauth-client</c> and its <c>callback-url</c> children: registering the app that runs bunq's OAuth
/// flow. Shapes follow bunq's OpenAPI (<c>OauthClient</c>: id, status, display_name, client_id, secret, callback_url).
/// </summary>
internal static class OAuthClientRoutes
{
    private const string Base = "/v1/user/{userID}/oauth-client";
    private const string Callbacks = Base + "/{oauth-clientID}/callback-url";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("GET", Base, context => Paging.TryRead(context, out Paging paging, out IResult? refusal)
            ? WithUser(context, state, owner => paging.Page(context, state.OAuth.Clients.Values.Where(c => c.Owner == owner), c => c.Id, c => ClientItem(state, c)))
            : refusal!, RouteAuth.Session);
        routes.Map("POST", Base, context => WithUser(context, state, owner => Create(context, state, owner)), RouteAuth.Session);
        routes.Map("GET", Base + "/{itemId}", context => WithClient(context, state, "itemId", client => Ok(ClientItem(state, client))), RouteAuth.Session);
        routes.Map("PUT", Base + "/{itemId}", context => WithClient(context, state, "itemId", client => SetStatus(context, client)), RouteAuth.Session);
        routes.Map("GET", Callbacks, context => Paging.TryRead(context, out Paging paging, out IResult? refusal)
            ? WithClient(context, state, "oauth-clientID", client => paging.Page(context, client.CallbackUrls, c => c.Id, c => CallbackItem(state, client, c)))
            : refusal!, RouteAuth.Session);
        routes.Map("POST", Callbacks, context => WithClient(context, state, "oauth-clientID", client => AddCallback(context, state, client)), RouteAuth.Session);
        routes.Map("GET", Callbacks + "/{itemId}", context => WithCallback(context, state, (client, url) => Ok(CallbackItem(state, client, url))), RouteAuth.Session);
        routes.Map("PUT", Callbacks + "/{itemId}", context => WithCallback(context, state, (_, url) => UpdateCallback(context, url)), RouteAuth.Session);
        routes.Map("DELETE", Callbacks + "/{itemId}", context => WithCallback(context, state, (client, url) =>
        {
            client.CallbackUrls.Remove(url);
            return Ok();
        }), RouteAuth.Session);
    }

    private static IResult WithUser(HttpContext context, EmulatorState state, Func<User, IResult> action) => action(CallContext.Of(context).Session!.ApiKey.User);

    private static IResult WithClient(HttpContext context, EmulatorState state, string clientRoute, Func<OAuthClient, IResult> action) =>
        WithUser(context, state, owner =>
            state.OAuth.Clients.TryGetValue(context.RouteLong(clientRoute), out OAuthClient? client) && client.Owner == owner
                ? action(client)
                : Error(404, "OAuth client not found."));

    private static IResult WithCallback(HttpContext context, EmulatorState state, Func<OAuthClient, OAuthCallbackUrl, IResult> action) =>
        WithClient(context, state, "oauth-clientID", client =>
            client.CallbackUrls.Find(c => c.Id == context.RouteLong("itemId")) is { } url ? action(client, url) : Error(404, "Callback URL not found."));

    private static IResult Create(HttpContext context, EmulatorState state, User owner)
    {
        string status = RequestJson.Parse(CallContext.Of(context).Body).String("status") ?? "ACTIVE";
        if (status is not "ACTIVE")
        {
            return Error(400, "Field 'status' must be ACTIVE for a new OAuth client.");
        }

        // bunq's docs: one OAuth client per account.
        if (owner.Kind != UserKind.Person)
        {
            return Error(400, "Only a user's own API key can register an OAuth client.");
        }

        if (state.OAuth.Clients.Values.Any(c => c.Owner == owner && c.Status == "ACTIVE"))
        {
            return Error(400, "This user already has an active OAuth client; only one is allowed.");
        }

        return Ok(Id(OAuthFlow.Register(state, owner).Id));
    }

    private static IResult SetStatus(HttpContext context, OAuthClient client)
    {
        string? status = RequestJson.Parse(CallContext.Of(context).Body).String("status");
        if (status is not ("ACTIVE" or "CANCELLED"))
        {
            return Error(400, "Field 'status' must be ACTIVE or CANCELLED.");
        }

        client.Status = status;
        return Ok(Id(client.Id));
    }

    private static IResult AddCallback(HttpContext context, EmulatorState state, OAuthClient client)
    {
        if (ValidUrl(context) is not { } url)
        {
            return InvalidUrl();
        }

        if (client.Registers(url))
        {
            return Error(400, "This callback URL is already registered.");
        }

        var callback = new OAuthCallbackUrl(state.NextId(), url);
        client.CallbackUrls.Add(callback);
        return Ok(Id(callback.Id));
    }

    private static IResult UpdateCallback(HttpContext context, OAuthCallbackUrl callback)
    {
        if (ValidUrl(context) is not { } url)
        {
            return InvalidUrl();
        }

        callback.Url = url;
        return Ok(Id(callback.Id));
    }

    /// <summary>An absolute http(s) URL without a fragment (RFC 6749 §3.1.2: a redirection endpoint has none).</summary>
    private static string? ValidUrl(HttpContext context) =>
        RequestJson.Parse(CallContext.Of(context).Body).String("url") is { } text
        && Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Fragment)
            ? text
            : null;

    private static IResult InvalidUrl() => Error(400, "Field 'url' must be an absolute http or https URL without a fragment.");

    private static JsonObject ClientItem(EmulatorState state, OAuthClient client) => Item("OauthClient", state.Objects.Build("OauthClientRead", client.Id, client.Owner, new JsonObject
    {
        ["status"] = client.Status,
        ["display_name"] = client.Owner.DisplayName,
        ["client_id"] = client.ClientId,
        ["secret"] = client.Secret,
        ["callback_url"] = new JsonArray(client.CallbackUrls.Select(c => (JsonNode)new JsonObject { ["url"] = c.Url }).ToArray()),
    }));

    // bunq's schema (OauthCallbackUrlRead/Listing) has the URL alone; ids come from the create call's answer.
    private static JsonObject CallbackItem(EmulatorState state, OAuthClient client, OAuthCallbackUrl url) =>
        Item("OauthCallbackUrl", state.Objects.Build("OauthCallbackUrlRead", url.Id, client.Owner, new JsonObject { ["url"] = url.Url }));
}
