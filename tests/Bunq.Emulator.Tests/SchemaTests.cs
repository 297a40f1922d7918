using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>Every object every stateful route returns has every field of bunq's schema, of the right JSON type.</summary>
public class SchemaTests
{
    [Bunq.Testing.OpenApiFact]
    public async Task Every_answer_of_every_route_matches_bunqs_published_schema()
    {
        OpenApiSchema schema = OpenApiSchema.Load();
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient payer = await new WireClient(bunq).ConnectAsync();
        using WireClient payee = await new WireClient(bunq).ConnectAsync();
        using WireClient oauth = await new WireClient(bunq) { ApiKey = bunq.CreateOAuthAccessToken(payee.ApiKey!) }.ConnectAsync();
        using WireClient provider = await Psd2WireTests.ConnectProviderAsync(bunq);
        (await provider.CallAsync(HttpMethod.Get, $"user-payment-service-provider/{provider.UserId}")).EnsureOk();
        await DriveEveryRouteAsync(payer, payee);
        (await oauth.CallAsync(HttpMethod.Get, "user")).EnsureOk();
        (await oauth.CallAsync(HttpMethod.Get, $"user/{oauth.UserId}")).EnsureOk();

        var problems = new List<string>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach ((HttpMethod method, string path, WireResponse response) in payer.History.Concat(payee.History).Concat(oauth.History).Concat(provider.History).Where(h => h.Response.Status == 200))
        {
            string template = schema.TemplateOf(method.Method, path) ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in bunq's API");
            covered.Add(method.Method + " /v1" + template);
            if (template == "/sandbox-user-person")
            {
                continue; // bunq describes an Id here; its sandbox and its SDKs answer {"ApiKey": {"api_key": ...}}, as the emulator does
            }

            // bunq describes an Id here; its SDKs read the CredentialPasswordIp it answers, whose fields are those of the credential's GET
            IEnumerable<string> found = template == "/payment-service-provider-credential"
                ? schema.Check("GET", template + "/{itemId}", response.Body!)
                : schema.Check(method.Method, template, response.Body!);
            // bunq's description has a URL filter's items be NotificationFilterUrl again (itself); they are NotificationFilter
            // objects (category, notification_target, notification_delivery_method), as bunq's docs and SDKs send them.
            problems.AddRange(template.EndsWith("/notification-filter-url", StringComparison.Ordinal)
                ? found.Where(p => !p.Contains(".notification_filters[", StringComparison.Ordinal))
                : found);
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems.Distinct().Take(60)));
        Assert.Empty(bunq.ModelledRoutes.Where(r => !FileSchemaTests.IsFileRoute(r)).Select(r => NormalizeRoute(r)).Except(covered.Select(NormalizeRoute))); // files: Files/FileSchemaTests
    }

    [Bunq.Testing.OpenApiFact]
    public void The_check_catches_a_thin_object_a_wrong_type_and_an_invented_field()
    {
        OpenApiSchema schema = OpenApiSchema.Load();
        JsonNode thin = JsonNode.Parse("""{"Response":[{"MonetaryAccountBank":{"id":"1","balance":{"value":1,"currency":"EUR"},"colour":"red"}}]}""")!;

        List<string> problems = schema.Check("GET", "/user/{userID}/monetary-account-bank/{itemId}", thin).ToList();

        Assert.Contains(problems, p => p.EndsWith(".id: String where the schema has integer", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith(".balance.value: Number where the schema has string", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith(".public_uuid: missing (MonetaryAccountBankRead)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith(".colour: not in bunq's schema MonetaryAccountBankRead", StringComparison.Ordinal));
    }

    /// <summary>One call of each route the emulator models, with data in place so no answer is empty.</summary>
    private static async Task DriveEveryRouteAsync(WireClient client, WireClient payee)
    {
        string user = $"user/{client.UserId}";
        long installation = client.History.First(h => h.Path == "/installation").Response.Item("Id")["id"]!.GetValue<long>();
        (await client.SendAsync(HttpMethod.Get, $"installation/{installation}/server-public-key", token: client.InstallationToken)).EnsureOk();
        long account = await ListingTests.MainAccountAsync(client);
        long payeeAccount = await ListingTests.MainAccountAsync(payee);
        string payeeIban = (await payee.CallAsync(HttpMethod.Get, $"user/{payee.UserId}/monetary-account/{payeeAccount}")).Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
        await ListingTests.TopUpAsync(client, account, 1, 50m);
        long inquiry = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/request-inquiry", new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = "5.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = payeeIban, ["name"] = "Payee" },
            ["description"] = "pending request",
            ["allow_bunqme"] = false, // required by bunq (its SDKs' create takes it as a positional argument)
        })).Item("Id")["id"]!.GetValue<long>();
        long payment = (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/payment", new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = "12.50", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = payeeIban, ["name"] = "Payee" },
            ["description"] = "schema check",
        })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account-bank", new JsonObject { ["currency"] = "EUR", ["description"] = "Second" })).EnsureOk();
        long credential = (await client.CallAsync(HttpMethod.Get, $"{user}/credential-password-ip")).Item("CredentialPasswordIp")["id"]!.GetValue<long>();
        long ip = (await client.CallAsync(HttpMethod.Post, $"{user}/credential-password-ip/{credential}/ip", new JsonObject { ["ip"] = "192.0.2.9" })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Put, $"user-person/{client.UserId}", new JsonObject { ["session_timeout"] = 3600 })).EnsureOk();
        long oauthClient = (await client.CallAsync(HttpMethod.Post, $"{user}/oauth-client", new JsonObject { ["status"] = "ACTIVE" })).Item("Id")["id"]!.GetValue<long>();
        long callback = (await client.CallAsync(HttpMethod.Post, $"{user}/oauth-client/{oauthClient}/callback-url", new JsonObject { ["url"] = "https://app.example/cb" })).Item("Id")["id"]!.GetValue<long>();

        // Callbacks: URL filters of the user and of an account (a category nothing here raises), failed callbacks, events.
        (await client.CallAsync(HttpMethod.Post, $"{user}/notification-filter-url", Filters())).EnsureOk();
        (await client.CallAsync(HttpMethod.Post, $"{user}/monetary-account/{account}/notification-filter-url", Filters())).EnsureOk();
        (await client.CallAsync(HttpMethod.Post, $"{user}/notification-filter-failure", new JsonObject { ["notification_filter_failed_ids"] = "1" })).EnsureOk();
        long @event = (await client.CallAsync(HttpMethod.Get, $"{user}/event")).Items[0]!["Event"]!["id"]!.GetValue<long>();

        foreach (string path in new[]
        {
            $"{user}/event", $"{user}/event/{@event}", $"{user}/notification-filter-url", $"{user}/monetary-account/{account}/notification-filter-url",
            $"{user}/notification-filter-failure",
            "user", user, $"user-person/{client.UserId}",
            $"{user}/monetary-account", $"{user}/monetary-account/{account}", $"{user}/monetary-account-bank", $"{user}/monetary-account-bank/{account}",
            $"{user}/monetary-account/{account}/payment", $"{user}/monetary-account/{account}/payment/{payment}",
            $"user/{payee.UserId}/monetary-account/{payeeAccount}/payment",
            $"{user}/monetary-account/{account}/request-inquiry", $"{user}/monetary-account/{account}/request-inquiry/{inquiry}",
            $"{user}/credential-password-ip/{credential}", $"{user}/credential-password-ip/{credential}/ip", $"{user}/credential-password-ip/{credential}/ip/{ip}",
            $"{user}/oauth-client", $"{user}/oauth-client/{oauthClient}", $"{user}/oauth-client/{oauthClient}/callback-url", $"{user}/oauth-client/{oauthClient}/callback-url/{callback}",
        })
        {
            WireClient caller = path.StartsWith($"user/{payee.UserId}/", StringComparison.Ordinal) ? payee : client;
            (await caller.CallAsync(HttpMethod.Get, path)).EnsureOk();
        }

        (await client.CallAsync(HttpMethod.Put, $"{user}/credential-password-ip/{credential}/ip/{ip}", new JsonObject { ["status"] = "INACTIVE" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account-bank/{account}", new JsonObject { ["description"] = "Renamed" })).EnsureOk();
        Assert.Equal(400, (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account-bank/{account}", new JsonObject { ["colour"] = "red" })).Status);
        Assert.Equal("Renamed", (await client.CallAsync(HttpMethod.Get, $"{user}/monetary-account-bank/{account}")).Item("MonetaryAccountBank")["description"]!.GetValue<string>());
        JsonObject revoked = (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account/{account}/request-inquiry/{inquiry}", new JsonObject { ["status"] = "REVOKED" })).Item("RequestInquiry");
        Assert.Equal("REVOKED", revoked["status"]!.GetValue<string>());
        Assert.Equal(400, (await client.CallAsync(HttpMethod.Put, $"{user}/monetary-account/{account}/request-inquiry/{inquiry}", new JsonObject { ["status"] = "REVOKED" })).Status);
        (await client.CallAsync(HttpMethod.Put, $"{user}/oauth-client/{oauthClient}", new JsonObject { ["status"] = "ACTIVE" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Put, $"{user}/oauth-client/{oauthClient}/callback-url/{callback}", new JsonObject { ["url"] = "https://app.example/other" })).EnsureOk();
        (await client.CallAsync(HttpMethod.Delete, $"{user}/oauth-client/{oauthClient}/callback-url/{callback}")).EnsureOk();
        (await client.CallAsync(HttpMethod.Delete, "session/0")).EnsureOk();
    }

    private static JsonObject Filters() => new()
    {
        ["notification_filters"] = new JsonArray(new JsonObject { ["category"] = "CHAT", ["notification_target"] = "https://app.example/hook" }),
    };

    private static string NormalizeRoute(string route) => System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", "{}");
}
