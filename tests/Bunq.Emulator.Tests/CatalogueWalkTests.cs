using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bunq.Catalogue;

namespace Bunq.Emulator.Tests;

/// <summary>
/// Every operation of bunq's catalogue, through a generic signed client: each answers 2xx with a signed body whose
/// objects have every field of bunq's schema (checked against swagger.json, not the catalogue the emulator reads), and
/// 4xx for a body that breaks the schema.
/// </summary>
public partial class CatalogueWalkTests
{
    [Bunq.Testing.OpenApiFact]
    public async Task Every_operation_answers_with_bunqs_schema_and_refuses_a_body_that_breaks_it()
    {
        OpenApiSchema schema = OpenApiSchema.Load();
        BunqCatalogue catalogue = BunqCatalogue.Embedded;
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await ListingTests.MainAccountAsync(client);
        HashSet<string> modelled = bunq.ModelledRoutes.Select(r => Key(r.Replace(" /v1/", " /", StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);

        Dictionary<string, string> held = await HeldObjectsAsync(client, account);
        Dictionary<string, string> parents = await HeldParentsAsync(client, account);

        var problems = new List<string>();
        int walked = 0, refusals = 0;
        foreach (BunqOperation operation in catalogue.Operations.Where(o => !modelled.Contains(Key(o.Verb + " " + o.Route))))
        {
            string? token = operation.Facts.Token switch
            {
                OperationToken.Installation => client.InstallationToken,
                OperationToken.None => null,
                _ => client.SessionToken,
            };
            BunqObjectType? request = operation.Verb is "POST" or "PUT" ? catalogue.Type(operation.RequestType) : null;
            JsonObject? body = operation.Verb is "POST" or "PUT" ? ValidBody(catalogue, request) : null;
            // A catalogue-answered verb on an object of a collection the emulator models, or a route under a batch it
            // makes (its notes): only on an object (under a batch) it holds, so the same route on another is 404.
            bool heldOnly = held.TryGetValue(Key(operation.Route), out string? real) || parents.Keys.Any(p => operation.Route.Contains(p, StringComparison.Ordinal));
            if (heldOnly)
            {
                WireResponse missing = await client.SendAsync(new HttpMethod(operation.Verb), Fill(operation.Route, client, account)[1..], body, token);
                if (missing.Status != 404)
                {
                    problems.Add($"{operation.Verb} {operation.Route} on an object (or under a batch) the emulator does not hold: {missing.Status}, expected 404");
                }
            }

            string route = real ?? await PathForAsync(client, catalogue, operation, account, parents);
            WireResponse answer = await client.SendAsync(new HttpMethod(operation.Verb), route[1..], body, token);
            walked++;
            if (answer.Status != 200)
            {
                problems.Add($"{operation.Verb} {operation.Route}: {answer.Status} {answer.Error}");
                continue;
            }

            problems.AddRange(schema.Check(operation.Verb, operation.Route, answer.Body!)); // follows data/bunq-facts.txt where bunq answers otherwise
            if (request is { IsDescribed: true } && body is not null)
            {
                foreach (JsonObject broken in Broken(request, body))
                {
                    WireResponse refused = await client.SendAsync(new HttpMethod(operation.Verb), route[1..], broken, token);
                    refusals++;
                    if (refused.Status != 400 || refused.Error.Length == 0)
                    {
                        problems.Add($"{operation.Verb} {operation.Route} with {broken.ToJsonString()}: {refused.Status}, expected 400 with bunq's error body");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems in {walked} operations:\n" + string.Join('\n', problems.Take(80)));
        Assert.Equal(catalogue.Operations.Count, walked + modelled.Count);
        Assert.True(refusals > 100, $"only {refusals} broken bodies tried");
    }

    /// <summary>
    /// Objects of collections the emulator models whose other verbs answer from the catalogue, by route key: a
    /// payment-batch and a schedule's run, both paying the sugar daddy.
    /// </summary>
    private static async Task<Dictionary<string, string>> HeldObjectsAsync(WireClient client, long account)
    {
        string path = $"/user/{client.UserId}/monetary-account/{account}";
        await ListingTests.TopUpAsync(client, account, 1, 10m);
        JsonObject Payment() => new()
        {
            ["amount"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com", ["name"] = "Sugar Daddy" },
            ["description"] = "walk",
        };
        long batch = (await client.CallAsync(HttpMethod.Post, $"{path[1..]}/payment-batch", new JsonObject { ["payments"] = new JsonArray(Payment()) })).Item("Id")["id"]!.GetValue<long>();
        long schedule = (await client.CallAsync(HttpMethod.Post, $"{path[1..]}/schedule-payment", new JsonObject
        {
            ["payment"] = Payment(),
            ["schedule"] = new JsonObject { ["time_start"] = ListingTests.PastTime(), ["recurrence_unit"] = "ONCE", ["recurrence_size"] = 1 },
        })).Item("Id")["id"]!.GetValue<long>();
        long run = (await client.CallAsync(HttpMethod.Get, $"{path[1..]}/schedule/{schedule}/schedule-instance")).Item("ScheduledInstance")["id"]!.GetValue<long>();
        return new(StringComparer.Ordinal)
        {
            ["/user/{}/monetary-account/{}/payment-batch/{}"] = $"{path}/payment-batch/{batch}",
            ["/user/{}/monetary-account/{}/schedule/{}/schedule-instance/{}"] = $"{path}/schedule/{schedule}/schedule-instance/{run}",
        };
    }

    /// <summary>
    /// Batches the emulator makes whose own routes below them (their notes) answer from the catalogue, by the route's
    /// placeholder for the batch's id: a schedule-payment-batch and a request-inquiry-batch of the session's account.
    /// </summary>
    private static async Task<Dictionary<string, string>> HeldParentsAsync(WireClient client, long account)
    {
        string path = $"user/{client.UserId}/monetary-account/{account}";
        long scheduleBatch = (await client.CallAsync(HttpMethod.Post, $"{path}/schedule-payment-batch",
            BatchTests.ScheduleBatch("sugardaddy@bunq.com", "2099-01-01 00:00:00", "ONCE", "1.00"))).Item("Id")["id"]!.GetValue<long>();
        long requestBatch = (await client.CallAsync(HttpMethod.Post, $"{path}/request-inquiry-batch",
            BatchTests.RequestBatch("1.00", ("1.00", "EUR", "sugardaddy@bunq.com")))).Item("Id")["id"]!.GetValue<long>();
        return new(StringComparer.Ordinal)
        {
            ["{schedule-payment-batchID}"] = scheduleBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{request-inquiry-batchID}"] = requestBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The concrete path: the session's user and account, an object made first when the collection makes them, 1 (or a uuid) elsewhere.</summary>
    private static async Task<string> PathForAsync(WireClient client, BunqCatalogue catalogue, BunqOperation operation, long account, Dictionary<string, string> parents)
    {
        string route = operation.Route;
        if (route.EndsWith('}') && catalogue.Find("POST", route[..route.LastIndexOf('/')]) is { } create)
        {
            string collection = Fill(create.Route, client, account, parents);
            WireResponse made = await client.SendAsync(HttpMethod.Post, collection[1..], ValidBody(catalogue, catalogue.Type(create.RequestType)), client.SessionToken);
            JsonNode? id = made.Status == 200 ? made.Items.Select(i => i!["Id"]?["id"] ?? i["Uuid"]?["uuid"]).FirstOrDefault(n => n is not null) : null;
            if (id is not null)
            {
                return collection + "/" + id.ToJsonString().Trim('"');
            }
        }

        return Fill(route, client, account, parents);
    }

    private static string Fill(string route, WireClient client, long account, Dictionary<string, string>? parents = null) =>
        Placeholder().Replace(route, m => m.Value switch
        {
            // The user itself, which must be the session's (/user-company/{itemId} too, as /user-person/{itemId})
            "{userID}" or "{user-companyID}" => client.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "{itemId}" when route.StartsWith("/user-company/", StringComparison.Ordinal) => client.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "{monetary-accountID}" => account.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ when parents is not null && parents.ContainsKey(m.Value) => parents[m.Value],
            _ when m.Value.EndsWith("UUID}", StringComparison.Ordinal) => "0b1e3c1a-8a0f-4a86-9f39-2b6a8f3c2d11",
            _ => "1",
        });

    /// <summary>A body bunq's schema accepts: the required writable fields, each of its type.</summary>
    internal static JsonObject ValidBody(BunqCatalogue catalogue, BunqObjectType? type, int depth = 0)
    {
        var body = new JsonObject();
        foreach (BunqField field in type?.Fields.Where(f => f.Required && !f.ReadOnly) ?? [])
        {
            JsonNode? value = field.JsonType switch
            {
                "integer" or "number" => 1,
                "string" => "emulator",
                "boolean" => false,
                _ => depth < 3 ? ValidBody(catalogue, catalogue.Type(field.ObjectType), depth + 1) : new JsonObject(),
            };
            body[field.Name] = field.IsArray ? new JsonArray(value) : value;
        }

        return body;
    }

    /// <summary>An unknown field, and the first writable field with a value of the wrong JSON type.</summary>
    private static IEnumerable<JsonObject> Broken(BunqObjectType type, JsonObject valid)
    {
        var unknown = (JsonObject)valid.DeepClone();
        unknown["emulator_unknown_field"] = 1;
        yield return unknown;
        if (type.Fields.FirstOrDefault(f => !f.ReadOnly) is { } field)
        {
            var wrong = (JsonObject)valid.DeepClone();
            wrong[field.Name] = field.JsonType == "string" && !field.IsArray ? 1 : "wrong type";
            yield return wrong;
        }
    }

    private static string Key(string operation) => Placeholder().Replace(operation, "{}");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
