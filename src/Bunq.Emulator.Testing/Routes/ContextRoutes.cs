using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>installation, device-server, session-server, session, sandbox-user-person.</summary>
internal static class ContextRoutes
{
    private const string BadCredentials = "User credentials are incorrect. Incorrect API key or IP address.";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state, ServerKey serverKey)
    {
        routes.Map("POST", "/v1/installation", context => Install(context, state, serverKey), RouteAuth.None);
        routes.Map("GET", "/v1/installation/{installationID}/server-public-key", context => ServerPublicKey(context, serverKey), RouteAuth.Installation);
        routes.Map("POST", "/v1/device-server", context => RegisterDevice(context, state), RouteAuth.Installation);
        routes.Map("POST", "/v1/session-server", context => OpenSession(context, state), RouteAuth.Installation, signatureRequired: true);
        routes.Map("DELETE", "/v1/session/{itemId}", context => CloseSession(context, state), RouteAuth.Session);
        routes.Map("POST", "/v1/sandbox-user-person", _ => CreateSandboxUser(state), RouteAuth.None);
    }

    private static IResult Install(HttpContext context, EmulatorState state, ServerKey serverKey)
    {
        string? pem = RequestJson.Parse(CallContext.Of(context).Body).String("client_public_key");
        RSA key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            return Error(400, "Provided client public key is not a valid PEM public key.");
        }

        if (key.KeySize != 2048)
        {
            key.Dispose();
            return Error(400, "Provided client public key has an incorrect modulus length. Modulus length must be \"2048\".");
        }

        Installation installation;
        installation = new Installation(state.NextId(), EmulatorState.NewToken(), key) { PublicKeyPem = pem!, RequestIds = new(state.Options.RequestIdCapacity) };
        state.Installations.Add(installation.Id, installation);
        state.InstallationsByToken.Add(installation.Token, installation);

        string now = Time(state.Now);
        return Ok(
            Id(installation.Id),
            Item("Token", new JsonObject { ["id"] = installation.Id, ["created"] = now, ["updated"] = now, ["token"] = installation.Token }),
            Item("ServerPublicKey", new JsonObject { ["server_public_key"] = serverKey.PublicKeyPem }));
    }

    private static IResult ServerPublicKey(HttpContext context, ServerKey serverKey) =>
        context.RouteLong("installationID") == CallContext.Of(context).Installation!.Id
            ? Ok(Item("ServerPublicKey", new JsonObject { ["server_public_key"] = serverKey.PublicKeyPem }))
            : Error(404, "Installation not found.");

    private static IResult RegisterDevice(HttpContext context, EmulatorState state)
    {
        CallContext call = CallContext.Of(context);
        JsonElement? body = RequestJson.Parse(call.Body);
        string? description = body.String("description");
        string? secret = body.String("secret");
        if (string.IsNullOrWhiteSpace(description) || string.IsNullOrWhiteSpace(secret))
        {
            return Error(400, "Fields 'description' and 'secret' are required.");
        }

        List<string> ips = [];
        if (body.Child("permitted_ips") is { ValueKind: JsonValueKind.Array } list)
        {
            ips.AddRange(list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
        }

        if (!state.ApiKeys.TryGetValue(secret, out ApiKey? apiKey))
        {
            return Error(400, BadCredentials);
        }

        bool wildcard = ips.Remove("*");
        if (wildcard && !apiKey.AllowAllIps && apiKey.Ips.Count > 0)
        {
            // bunq's authentication doc: "You will not be able to switch from concrete IPs to a wildcard IP after
            // you've created a device-server." Only a first registration with * (or the app's switch) allows all.
            return Error(400, BadCredentials);
        }

        if (ips.Count == 0 && !wildcard)
        {
            ips.Add(call.Ip); // an empty list binds the calling IP
        }

        if (!wildcard && !ips.Contains(call.Ip))
        {
            return Error(400, BadCredentials);
        }

        apiKey.AllowAllIps |= wildcard;
        foreach (string ip in ips.Where(ip => !apiKey.Ips.Exists(p => p.Ip == ip)))
        {
            apiKey.Ips.Add(new PermittedIp(state.NextId(), ip));
        }

        var device = new Device(state.NextId(), description, call.Installation!, apiKey, call.Ip);
        state.Devices.Add(device);
        return Ok(Id(device.Id));
    }

    private static IResult OpenSession(HttpContext context, EmulatorState state)
    {
        CallContext call = CallContext.Of(context);
        string? secret = RequestJson.Parse(call.Body).String("secret");
        if (secret is null || !state.ApiKeys.TryGetValue(secret, out ApiKey? apiKey)
            || !state.Devices.Exists(d => d.Installation == call.Installation && d.ApiKey == apiKey)
            || !apiKey.Permits(call.Ip))
        {
            return Error(400, BadCredentials);
        }

        User user = apiKey.User;
        long timeout = (user.RequestedBy ?? user).SessionTimeout;
        var session = new Session(state.NextId(), EmulatorState.NewToken(), call.Installation!, apiKey, state.Now, state.Now.AddSeconds(timeout), timeout);
        // An expired session answers 401 like an unknown token (ProtocolMiddleware), so it can go: renewals over days
        // then keep the session table at the sessions still open.
        foreach (Session expired in state.SessionsByToken.Values.Where(s => s.Expiry <= state.Now).ToArray())
        {
            state.SessionsByToken.Remove(expired.Token);
        }

        state.SessionsByToken.Add(session.Token, session);
        string now = Time(state.Now);
        return Ok(
            Id(session.Id),
            Item("Token", new JsonObject { ["id"] = session.Id, ["created"] = now, ["updated"] = now, ["token"] = session.Token }),
            UserRoutes.UserItem(state, user));
    }

    private static IResult CloseSession(HttpContext context, EmulatorState state)
    {
        // bunq ignores the id (its SDK sends 0) and ends the calling session.
        state.SessionsByToken.Remove(CallContext.Of(context).Session!.Token);

        return Ok();
    }

    private static IResult CreateSandboxUser(EmulatorState state)
    {
        return Ok(Item("ApiKey", new JsonObject { ["api_key"] = state.CreateSandboxUser() }));
    }
}
