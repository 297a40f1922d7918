using System.Net;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary><c>credential-password-ip</c> and its <c>ip</c> children: the IP allow-list after the fact.</summary>
internal static class CredentialRoutes
{
    private const string Base = "/v1/user/{userID}/credential-password-ip";
    private const string Ips = Base + "/{credential-password-ipID}/ip";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("GET", Base, context => Paging.TryRead(context, out Paging paging, out IResult? refusal)
            ? WithCredential(context, state, null, (key, _) => paging.Page(context, [key], k => k.CredentialId, k => CredentialItem(state, k)))
            : refusal!, RouteAuth.Session);
        routes.Map("GET", Base + "/{itemId}", context => WithCredential(context, state, "itemId", (key, _) => Ok(CredentialItem(state, key))), RouteAuth.Session);
        routes.Map("GET", Ips, context => Paging.TryRead(context, out Paging paging, out IResult? refusal)
            ? WithCredential(context, state, "credential-password-ipID", (key, _) => paging.Page(context, key.Ips, ip => ip.Id, ip => IpItem(state, key, ip)))
            : refusal!, RouteAuth.Session);
        routes.Map("GET", Ips + "/{itemId}", context => WithCredential(context, state, "credential-password-ipID",
            (key, _) => key.Ips.Find(p => p.Id == context.RouteLong("itemId")) is { } ip ? Ok(IpItem(state, key, ip)) : Error(404, "Permitted IP not found.")), RouteAuth.Session);
        routes.Map("POST", Ips, context => WithCredential(context, state, "credential-password-ipID", AddIp), RouteAuth.Session);
        routes.Map("PUT", Ips + "/{itemId}", context => WithCredential(context, state, "credential-password-ipID",
            (key, call) => SetStatus(context, key, call)), RouteAuth.Session);
    }

    private static IResult WithCredential(HttpContext context, EmulatorState state, string? credentialRoute, Func<ApiKey, (EmulatorState, CallContext), IResult> action)
    {
        ApiKey key = CallContext.Of(context).Session!.ApiKey;
        return credentialRoute is not null && context.RouteLong(credentialRoute) != key.CredentialId
            ? Error(404, "Credential not found.")
            : action(key, (state, CallContext.Of(context)));
    }

    private static IResult AddIp(ApiKey key, (EmulatorState State, CallContext Call) context)
    {
        System.Text.Json.JsonElement? body = RequestJson.Parse(context.Call.Body);
        string? ip = body.String("ip");
        if (ip is null || !IPAddress.TryParse(ip, out IPAddress? parsed) || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return Error(400, "Field 'ip' must be an IPv4 address; the wildcard can only be set in the bunq app.");
        }

        if (key.Ips.Exists(p => p.Ip == ip && p.Status == "ACTIVE"))
        {
            return Error(400, "This IP address is already active.");
        }

        string status = body.String("status") ?? "ACTIVE";
        if (status is not ("ACTIVE" or "INACTIVE"))
        {
            return Error(400, "Field 'status' must be ACTIVE or INACTIVE.");
        }

        var permitted = new PermittedIp(context.State.NextId(), ip) { Status = status };
        key.Ips.Add(permitted);
        return Ok(Id(permitted.Id));
    }

    private static IResult SetStatus(HttpContext http, ApiKey key, (EmulatorState State, CallContext Call) context)
    {
        PermittedIp? ip = key.Ips.Find(p => p.Id == http.RouteLong("itemId"));
        string? status = RequestJson.Parse(context.Call.Body).String("status");
        if (ip is null)
        {
            return Error(404, "Permitted IP not found.");
        }

        if (status is not ("ACTIVE" or "INACTIVE"))
        {
            return Error(400, "Field 'status' must be ACTIVE or INACTIVE.");
        }

        ip.Status = status;
        return Ok(Id(ip.Id));
    }

    private static JsonObject CredentialItem(EmulatorState state, ApiKey key) => Item("CredentialPasswordIp", BunqObjects.CredentialPasswordIp(state, key));

    private static JsonObject IpItem(EmulatorState state, ApiKey key, PermittedIp ip) => Item("PermittedIp", BunqObjects.PermittedIp(state, key, ip));
}
