using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace Bunq.Emulator;

/// <summary>Marks the routes of bunq's OAuth hosts: not bunq's API, so no tokens, signatures or envelope apply.</summary>
internal sealed class OAuthEndpoint
{
    public static readonly OAuthEndpoint Instance = new();

    public static bool Owns(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<OAuthEndpoint>() is not null;
}

/// <summary>
/// bunq's OAuth hosts, served beside the API on the emulator's address: the authorization endpoint (a consent page, at
/// <c>/oauth/auth</c> for bunq's <c>oauth.bunq.com/auth</c>) and the token endpoint (<c>/oauth/v1/token</c> for
/// <c>api.oauth.bunq.com/v1/token</c>), with OAuth-style errors (<c>{"error":…,"error_description":…}</c>).
/// </summary>
internal static class OAuthRoutes
{
    public const string AuthorizePath = "/oauth/auth";
    public const string TokenPath = "/oauth/v1/token";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        MapOAuth(routes, "GET", AuthorizePath, context => Task.FromResult(ShowConsent(context, state)));
        MapOAuth(routes, "POST", AuthorizePath, context => AnswerConsentAsync(context, state));
        MapOAuth(routes, "POST", TokenPath, context => Task.FromResult(Token(context, state)));
    }

    private static void MapOAuth(IEndpointRouteBuilder routes, string method, string pattern, Func<HttpContext, Task<IResult>> handler) =>
        routes.MapMethods(pattern, [method], (RequestDelegate)(async context => await (await handler(context)).ExecuteAsync(context)))
            .WithMetadata(OAuthEndpoint.Instance);

    private static IResult ShowConsent(HttpContext context, EmulatorState state)
    {
        if (context.Connection.RemoteIpAddress is not { } caller || !System.Net.IPAddress.IsLoopback(caller))
        {
            return ConsentPage.Error(403, "The emulator's consent page answers loopback callers only.");
        }

        IQueryCollection query = context.Request.Query;
        lock (state.Gate)
        {
            OAuthAuthorizationCheck check = OAuthFlow.CheckAuthorization(state, Single(query["response_type"]), Single(query["client_id"]), Single(query["redirect_uri"]), Single(query["state"]));
            if (check.Authorization is null)
            {
                return check.RedirectUri is not null ? Results.Redirect(check.RedirectUri) : ConsentPage.Error(400, check.PageError!);
            }

            var consent = new OAuthConsent(EmulatorState.NewToken(), check.Authorization, state.Now + OAuthState.ConsentLifetime);
            state.OAuth.Consents.Add(consent.Ticket, consent);
            return ConsentPage.Render(consent, OAuthFlow.GrantingUsers(state).ToArray());
        }
    }

    private static async Task<IResult> AnswerConsentAsync(HttpContext context, EmulatorState state)
    {
        if (context.Connection.RemoteIpAddress is not { } caller || !System.Net.IPAddress.IsLoopback(caller))
        {
            return ConsentPage.Error(403, "The emulator's consent page answers loopback callers only.");
        }

        if (!context.Request.HasFormContentType)
        {
            return ConsentPage.Error(400, "The consent form was not submitted as a form.");
        }

        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        lock (state.Gate)
        {
            // A ticket answers once: a resubmitted form (back button, double click) cannot mint a second code.
            if (Single(form["ticket"]) is not { } ticket || !state.OAuth.Consents.Remove(ticket, out OAuthConsent? consent) || consent.Expiry <= state.Now)
            {
                return ConsentPage.Error(400, "This consent page has expired or was already answered; start the authorization again.");
            }

            if (form["decision"] == "deny")
            {
                return Results.Redirect(OAuthFlow.Deny(consent.Authorization));
            }

            if (!long.TryParse(Single(form["user_id"]), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long userId)
                || !state.Users.TryGetValue(userId, out User? user) || user.Kind != UserKind.Person)
            {
                return ConsentPage.Error(400, "Pick one of the listed users.");
            }

            return Results.Redirect(OAuthFlow.Grant(state, consent.Authorization, user));
        }
    }

    private static IResult Token(HttpContext context, EmulatorState state)
    {
        IQueryCollection query = context.Request.Query;
        OAuthTokenResult result;
        lock (state.Gate)
        {
            result = OAuthFlow.Exchange(state, Single(query["grant_type"]), Single(query["code"]), Single(query["redirect_uri"]),
                Single(query["client_id"]), Single(query["client_secret"]));
        }

        return new TokenResponse(result);
    }

    /// <summary>A parameter given once; a repeated one counts as missing (RFC 6749 §3.1: parameters must not repeat).</summary>
    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    /// <summary>The token endpoint's JSON: <c>access_token</c>/<c>token_type</c>/<c>state</c>, or <c>error</c>/<c>error_description</c>.</summary>
    private sealed class TokenResponse(OAuthTokenResult result) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = result.Status;
            httpContext.Response.ContentType = "application/json";
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers.Pragma = "no-cache";
            await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
            writer.WriteStartObject();
            if (result.AccessToken is not null)
            {
                writer.WriteString("access_token", result.AccessToken);
                writer.WriteString("token_type", "bearer");
                writer.WriteString("state", result.State);
            }
            else
            {
                writer.WriteString("error", result.Error);
                writer.WriteString("error_description", result.Description);
            }

            writer.WriteEndObject();
        }
    }
}
