using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bunq.Catalogue;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Bunq.Emulator.Tests;

/// <summary>
/// Hostile input on every operation of bunq's catalogue (issue #25, point 4), signed and with the right token, from one
/// user while another user's data sits beside it: no answer is a 5xx or missing (a reset connection), every 2xx carries
/// a valid signature, every refusal is bunq's error shape, the other user's ids in a path are never answered 2xx, and
/// every read of the other user's data answers the same after the pass as before. Seeded: <c>BUNQ_FUZZ_SEED</c> repeats
/// a run. Rate limits are off (<see cref="BunqEmulatorOptions.EnforceRateLimits"/>) and the clock stands still
/// (a fake one), so nothing but the inputs changes the state.
/// </summary>
public sealed partial class FuzzAllOperationsTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 254;

    [Fact]
    public async Task Hostile_input_on_every_operation_never_yields_a_5xx_an_unsigned_2xx_or_a_change_to_another_users_data()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("BUNQ_FUZZ_SEED"), CultureInfo.InvariantCulture, out int chosen) ? chosen : DefaultSeed;
        var random = new Random(seed);
        BunqCatalogue catalogue = BunqCatalogue.Embedded;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = clock });
        var watch = Stopwatch.StartNew();

        // The other user: money, a payment and a request to a third user, and one object in every collection it can make.
        using WireClient victim = await new WireClient(bunq).ConnectAsync();
        using WireClient bystander = await new WireClient(bunq).ConnectAsync();
        var others = new Party(victim, catalogue, await ListingTests.MainAccountAsync(victim));
        await ListingTests.TopUpAsync(victim, others.Account, 2);
        await PayAndRequestAsync(victim, others.Account, bystander);
        string othersIban = await IbanAsync(victim);
        others.Known["/session"] = Created(victim, "session-server");
        others.Known["/installation"] = Created(victim, "installation");
        others.Known["/device-server"] = Created(victim, "device-server");
        foreach (BunqOperation create in catalogue.Operations.Where(o => o is { Verb: "POST" } && o.Route.StartsWith("/user/{userID}/", StringComparison.Ordinal)))
        {
            await others.IdAsync(create.Route);
        }

        List<string> reads = await others.ReadsAsync();
        await SnapshotAsync(victim, reads); // a catalogue-answered read makes what it reads on first sight, once
        Dictionary<string, string> before = await SnapshotAsync(victim, reads);
        Dictionary<string, string> again = await SnapshotAsync(victim, reads);
        List<string> unstable = before.Keys.Where(k => !again.TryGetValue(k, out string? second) || second != before[k]).ToList();
        Assert.True(unstable.Count == 0, "reads that change on their own: " + string.Join("\n", unstable.Select(k => k + ": " + before[k] + " -> " + again.GetValueOrDefault(k))));
        Assert.True(before.Count > 100, $"only {before.Count} reads of the other user's data answer 200");
        List<long> othersIds = [victim.UserId, others.Account, .. others.Known.Values.Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : 0).Where(id => id > 0)];

        var inputs = new FuzzInputs(catalogue, random);
        var failures = new List<string>();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        Party attacker = await NewAttackerAsync(bunq, catalogue);
        int operations = 0, replacements = 0;
        foreach (BunqOperation operation in catalogue.Operations)
        {
            operations++;
            string path = (await attacker.FillAsync(operation.Route, fromItem: true))!;
            List<(string Path, bool Owner)> othersPaths = await others.OthersPathsAsync(operation.Route, path);
            var tried = inputs.For(operation, path, othersPaths, othersIds).ToList();
            if (operation.Verb is "POST" or "PUT" && operations % 97 == 1)
            {
                tried.Add(FuzzInputs.BeyondLimit(path));
            }

            foreach (FuzzInput input in tried)
            {
                counts[input.Category] = counts.GetValueOrDefault(input.Category) + 1;
                string? problem = await TryAsync(attacker, operation, input, othersIban);
                if (problem is not null)
                {
                    failures.Add($"{operation.Verb} {operation.Route} [{input.Category}: {input.What}]: {problem}");
                }
            }

            if (!await attacker.HealthyAsync())
            {
                attacker.Dispose();
                attacker = await NewAttackerAsync(bunq, catalogue); // the pass closed its own account or session: go on as a fresh user
                replacements++;
            }
        }

        attacker.Dispose();
        Dictionary<string, string> after = await SnapshotAsync(victim, reads);
        List<string> changed = before.Keys.Where(k => !after.TryGetValue(k, out string? now) || now != before[k])
            .Select(k => $"{k}: {Excerpt(before[k])} -> {(after.TryGetValue(k, out string? now) ? Excerpt(now) : "gone")}").ToList();

        int total = counts.Values.Sum();
        output.WriteLine($"seed {seed}: {total} inputs over {operations} operations in {watch.Elapsed.TotalSeconds:0.0} s; "
            + $"{before.Count} reads of the other user's data compared; {replacements} fresh attackers; {inputs.OthersIdsInBodies} bodies with the other user's ids");
        foreach ((string category, int count) in counts)
        {
            output.WriteLine($"  {category}: {count}");
        }

        if (Environment.GetEnvironmentVariable("BUNQ_FUZZ_REPORT") is { Length: > 0 } report)
        {
            File.WriteAllLines(report, [.. failures, .. changed]); // every failure, for a run by hand
        }

        Assert.Equal(catalogue.Operations.Count, operations);
        Assert.True(failures.Count == 0, $"{failures.Count} of {total} inputs failed (seed {seed}):\n" + string.Join('\n', failures.Take(60)));
        Assert.True(changed.Count == 0, $"{changed.Count} reads of the other user's data changed (seed {seed}):\n" + string.Join('\n', changed.Take(30)));
    }

    /// <summary>Sends one input; null when the answer is acceptable, else what is wrong with it.</summary>
    private static async Task<string?> TryAsync(Party attacker, BunqOperation operation, FuzzInput input, string othersIban)
    {
        RawResponse answer;
        try
        {
            answer = await attacker.Client.SendRawAsync(new HttpMethod(operation.Verb), input.Path, input.Body, attacker.Token(operation), attacker.Headers(operation));
        }
        catch (HttpRequestException e)
        {
            return "no answer: " + e.Message + (e.InnerException is { } inner ? " (" + inner.Message + ")" : string.Empty);
        }

        if (answer.Status >= 500)
        {
            return $"{answer.Status} {Excerpt(Encoding.UTF8.GetString(answer.Body))}";
        }

        string text = Encoding.UTF8.GetString(answer.Body);
        if (answer.Status is >= 200 and < 300)
        {
            // Another user's ids: its user or account never answers 2xx; an object id may (a catalogue-answered
            // collection makes what is read on first sight, for the caller), but never with the other user's data.
            return !answer.SignatureVerified ? $"{answer.Status} without a valid signature"
                : input.Others == OthersIds.Owner || (input.Others == OthersIds.Objects && text.Contains(othersIban, StringComparison.Ordinal))
                    ? $"{answer.Status} for the other user's ids: {Excerpt(text)}" : null;
        }

        if (answer.Status == 400 && answer.Body.Length == 0 && input.Path.Contains("%00", StringComparison.Ordinal))
        {
            return null; // Kestrel refuses a NUL in the path before any middleware runs: no emulator code sees it
        }

        // A refusal is bunq's error shape (429 is the only unsigned one, and rate limits are off here).
        return ErrorText(answer.Body) is null ? $"{answer.Status} not in bunq's error shape: {Excerpt(text)}"
            : !answer.SignatureVerified ? $"{answer.Status} without a valid signature" : null;
    }

    private static string? ErrorText(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body)?["Error"]?[0]?["error_description"]?.GetValue<string>() is { Length: > 0 } text ? text : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<Party> NewAttackerAsync(BunqEmulator bunq, BunqCatalogue catalogue)
    {
        WireClient client = await new WireClient(bunq).ConnectAsync();
        return new Party(client, catalogue, await ListingTests.MainAccountAsync(client));
    }

    private static async Task<string> IbanAsync(WireClient client) =>
        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account-bank")).Items[0]!["MonetaryAccountBank"]!["alias"]!
            .AsArray().First(a => a!["type"]!.GetValue<string>() == "IBAN")!["value"]!.GetValue<string>();

    private static async Task PayAndRequestAsync(WireClient victim, long account, WireClient bystander)
    {
        string iban = await IbanAsync(bystander);
        (await victim.CallAsync(HttpMethod.Post, $"user/{victim.UserId}/monetary-account/{account}/payment", new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = "2.50", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = "Bystander" },
            ["description"] = "before the fuzz",
        })).EnsureOk();
        (await victim.CallAsync(HttpMethod.Post, $"user/{victim.UserId}/monetary-account/{account}/request-inquiry", new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = "1.25", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = "Bystander" },
            ["description"] = "pending during the fuzz",
            ["allow_bunqme"] = false,
        })).EnsureOk();
    }

    /// <summary>The id of the object a context call of <paramref name="client"/> made (its answer's <c>Id</c>).</summary>
    private static string Created(WireClient client, string path) =>
        client.History.Last(h => h.Path == "/" + path).Response.Items.Select(i => i!["Id"]?["id"]).OfType<JsonNode>().First().ToJsonString();

    private static async Task<Dictionary<string, string>> SnapshotAsync(WireClient client, List<string> reads)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string read in reads)
        {
            RawResponse answer = await client.SendRawAsync(HttpMethod.Get, read, null, client.SessionToken);
            if (answer.Status == 200)
            {
                answers[read] = Convert.ToBase64String(answer.Body) is { Length: > 0 } && IsJson(answer.Body) ? Encoding.UTF8.GetString(answer.Body) : Convert.ToHexString(answer.Body);
            }
        }

        return answers;
    }

    private static bool IsJson(byte[] body) => body.Length > 0 && body[0] == (byte)'{';

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex(@"\{[^}]+\}")]
    internal static partial Regex Placeholder();
}
