using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The file routes' share of the schema and listing walks: every JSON answer of every attachment, note and export route
/// has every field of bunq's schema, every listing pages, and every <c>…/content</c> answers signed bytes, not JSON.
/// </summary>
public partial class FileSchemaTests
{
    /// <summary>Whether <paramref name="route"/> (<c>VERB /v1/…</c>) is one of the file routes walked here.</summary>
    public static bool IsFileRoute(string route) => FileRoute().IsMatch(route);

    [Bunq.Testing.OpenApiFact]
    public async Task Every_file_route_answers_bunqs_schema_or_signed_bytes_and_every_listing_pages()
    {
        OpenApiSchema schema = OpenApiSchema.Load();
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        using var raw = new RawWire(bunq);
        string account = $"user/{client.UserId}/monetary-account/{await ListingTests.MainAccountAsync(client)}";
        await ListingTests.TopUpAsync(client, long.Parse(account[(account.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture), 1);
        using WireClient other = await new WireClient(bunq).ConnectAsync();
        string[] noted = await NoteObjects.MakeAsync(client, await ListingTests.MainAccountAsync(client), other, await ListingTests.MainAccountAsync(other));
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0xFF];

        string uuid = (await raw.UploadAsync(client, "attachment-public", png, "image/png", "avatar")).Json["Response"]![0]!["Uuid"]!["uuid"]!.GetValue<string>();
        long attachment = (await raw.UploadAsync(client, $"{account}/attachment", png, "image/png", "receipt")).Json["Response"]![0]!["Id"]!["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Get, $"attachment-public/{uuid}")).EnsureOk();
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/attachment/{attachment}")).EnsureOk();
        await raw.GetAsync(client, $"attachment-public/{uuid}/content");
        await raw.GetAsync(client, $"{account}/attachment/{attachment}/content");
        await raw.GetAsync(client, $"user/{client.UserId}/attachment/{attachment}/content");
        foreach (string target in noted)
        {
            string notes = $"{account}/{target}/note-attachment";
            long note = (await client.CallAsync(HttpMethod.Post, notes, new JsonObject { ["attachment_id"] = attachment, ["description"] = "note" })).Item("Id")["id"]!.GetValue<long>();
            (await client.CallAsync(HttpMethod.Put, $"{notes}/{note}", new JsonObject { ["description"] = "changed" })).EnsureOk();
            (await client.CallAsync(HttpMethod.Get, $"{notes}/{note}")).EnsureOk();
            await PagesAsync(client, notes);
            (await client.CallAsync(HttpMethod.Get, $"{account}/{target}")).EnsureOk(); // now showing the attachment where bunq's object has the field
            (await client.CallAsync(HttpMethod.Delete, $"{notes}/{note}")).EnsureOk();
            string texts = $"{account}/{target}/note-text";
            long text = (await client.CallAsync(HttpMethod.Post, texts, new JsonObject { ["content"] = "paid in cash" })).Item("Id")["id"]!.GetValue<long>();
            (await client.CallAsync(HttpMethod.Put, $"{texts}/{text}", new JsonObject { ["content"] = "changed" })).EnsureOk();
            (await client.CallAsync(HttpMethod.Get, $"{texts}/{text}")).EnsureOk();
            await PagesAsync(client, texts);
            (await client.CallAsync(HttpMethod.Delete, $"{texts}/{text}")).EnsureOk();
        }

        (long conversation, long chatFile) = bunq.SendChatFile(client.UserId, png, "image/png", "from support");
        await raw.GetAsync(client, $"user/{client.UserId}/chat-conversation/{conversation}/attachment/{chatFile}/content");

        string today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        long statement = (await client.CallAsync(HttpMethod.Post, $"{account}/customer-statement", new JsonObject
        {
            ["statement_format"] = "CSV", ["date_start"] = today, ["date_end"] = today, ["regional_format"] = "EUROPEAN",
        })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Get, $"{account}/customer-statement/{statement}")).EnsureOk();
        await PagesAsync(client, $"{account}/customer-statement");
        await raw.GetAsync(client, $"{account}/customer-statement/{statement}/content");
        (await client.CallAsync(HttpMethod.Delete, $"{account}/customer-statement/{statement}")).EnsureOk();
        string overviews = $"user/{client.UserId}/export-annual-overview";
        long overview = (await client.CallAsync(HttpMethod.Post, overviews, new JsonObject { ["year"] = DateTime.UtcNow.Year - 1 })).Item("Id")["id"]!.GetValue<long>();
        (await client.CallAsync(HttpMethod.Get, $"{overviews}/{overview}")).EnsureOk();
        await PagesAsync(client, overviews);
        await raw.GetAsync(client, $"{overviews}/{overview}/content");
        (await client.CallAsync(HttpMethod.Delete, $"{overviews}/{overview}")).EnsureOk();

        var problems = new List<string>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach ((HttpMethod method, string path, JsonNode? body, bool isContent) in client.History.Select(h => (h.Method, h.Path, h.Response.Body, false))
            .Concat(raw.History.Select(h => (h.Method, h.Path, (JsonNode?)null, h.Path.EndsWith("/content", StringComparison.Ordinal))))
            .Concat(raw.History.Where(h => !h.Path.EndsWith("/content", StringComparison.Ordinal)).Select(h => (h.Method, h.Path, (JsonNode?)h.Answer.Json, false))))
        {
            string template = schema.TemplateOf(method.Method, path) ?? throw new Xunit.Sdk.XunitException($"{method} {path} is not in bunq's API");
            covered.Add(Normalize(method.Method + " /v1" + template));
            // bunq describes an Id for a public upload; it answers the attachment's Uuid, which its SDKs read
            // (bunq/sdk_csharp AttachmentPublic.Create: ProcessForUuid), as the emulator does.
            if (body is not null && template == "/attachment-public" && method == HttpMethod.Post)
            {
                Assert.True(Guid.TryParse(body!["Response"]![0]!["Uuid"]!["uuid"]!.GetValue<string>(), out _));
            }
            else if (body is not null && IsFileRoute(method.Method + " /v1" + template))
            {
                problems.AddRange(schema.Check(method.Method, template, body));
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems.Distinct().Take(60)));
        Assert.All(raw.History, h => Assert.True(h.Answer.Status == 200 && h.Answer.Verified, $"{h.Method} {h.Path}: {h.Answer.Status}"));
        Assert.All(raw.History.Where(h => h.Path.EndsWith("/content", StringComparison.Ordinal)), h => Assert.NotEqual("application/json", h.Answer.ContentType));
        Assert.Empty(bunq.ModelledRoutes.Where(IsFileRoute).Select(Normalize).Except(covered));
    }

    private static async Task PagesAsync(WireClient client, string listing)
    {
        WireResponse one = (await client.CallAsync(HttpMethod.Get, listing + "?count=1")).EnsureOk();
        Assert.Single(one.Items);
        Assert.Equal(["future_url", "newer_url", "older_url"], one.Pagination!.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    private static string Normalize(string route) => Placeholder().Replace(route, "{}");

    [GeneratedRegex(@"/(attachment-public|attachment|note-attachment|note-text|customer-statement|export-annual-overview)(/|$)")]
    private static partial Regex FileRoute();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
