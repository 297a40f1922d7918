using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.Catalogue;

namespace Bunq.Emulator.Tests;

/// <summary>
/// One user of the fuzz pass and the ids of its objects, by the collection route (template) that made them: fills a
/// route's placeholders with its own ids, making an object first where the collection makes them.
/// </summary>
internal sealed class Party(WireClient client, BunqCatalogue catalogue, long account) : IDisposable
{
    private const string Uuid = "0b1e3c1a-8a0f-4a86-9f39-2b6a8f3c2d11";

    public WireClient Client { get; } = client;

    public long Account { get; } = account;

    /// <summary>Object ids (or uuids) by collection template; null where making one failed.</summary>
    public Dictionary<string, string?> Known { get; } = Seeds(client.UserId, account);

    /// <summary>Once frozen, nothing new is made: reads of the other user must not change its data.</summary>
    public bool Frozen { get; set; }

    public string? Token(BunqOperation operation) => operation.Facts.Token switch
    {
        OperationToken.Installation => Client.InstallationToken,
        OperationToken.None => null,
        _ => Client.SessionToken,
    };

    public IEnumerable<KeyValuePair<string, string>> Headers(BunqOperation operation) =>
        operation.Facts.RequiredHeaders.Select(h => new KeyValuePair<string, string>(h, "fuzz"));

    /// <summary>The route with every placeholder filled (relative to /v1/); null when one is not known and may not be made.</summary>
    public async Task<string?> FillAsync(string route, bool fromItem = false)
    {
        string[] template = route.Split('/');
        string[] segments = (string[])template.Clone();
        for (int i = 1; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{'))
            {
                string? value = await ValueAsync(string.Join('/', template[..i]), segments[i]);
                if (value is null && (Frozen || !fromItem))
                {
                    return null;
                }

                segments[i] = value ?? (segments[i].EndsWith("UUID}", StringComparison.Ordinal) ? Uuid : "1");
            }
        }

        return string.Join('/', segments)[1..];
    }

    /// <summary>The same route as <paramref name="own"/> with each placeholder in turn, then all, set to this party's ids.</summary>
    /// <remarks>Owner: a replaced id is this party's user or account id, which no one else's call may be answered 2xx for.</remarks>
    public async Task<List<(string Path, bool Owner)>> OthersPathsAsync(string route, string own)
    {
        string[] segments = route.Split('/');
        string[] mine = ("/" + own).Split('/');
        string[] all = (string[])mine.Clone();
        var paths = new List<(string Path, bool Owner)>();
        string[] owners = [Client.UserId.ToString(CultureInfo.InvariantCulture), Account.ToString(CultureInfo.InvariantCulture)];
        for (int i = 1; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{') && await ValueAsync(string.Join('/', segments[..i]), segments[i]) is { } value && value != mine[i])
            {
                string[] one = (string[])mine.Clone();
                one[i] = all[i] = value;
                paths.Add((string.Join('/', one)[1..], owners.Contains(value)));
            }
        }

        if (paths.Count > 1)
        {
            paths.Add((string.Join('/', all)[1..], paths.Any(p => p.Owner)));
        }

        return paths;
    }

    /// <summary>Every GET of the catalogue this party's ids fill (an id it lacks is made or listed first); then frozen.</summary>
    public async Task<List<string>> ReadsAsync()
    {
        var reads = new List<string>();
        foreach (BunqOperation read in catalogue.Operations.Where(o => o.Verb == "GET"))
        {
            if (await FillAsync(read.Route) is { } path)
            {
                reads.Add(path);
            }
        }

        Frozen = true;
        return reads;
    }

    /// <summary>The id of an object of <paramref name="collection"/>, made with a valid body when none is known yet.</summary>
    public async Task<string?> IdAsync(string collection)
    {
        if (Known.TryGetValue(collection, out string? known) || Frozen)
        {
            return known;
        }

        Known[collection] = null; // made once, also when making it fails
        if (await FillAsync(collection, fromItem: true) is not { } path)
        {
            return null;
        }

        if (catalogue.Find("POST", collection) is { } create)
        {
            byte[] body = create.Facts.RawBody ? "fuzz"u8.ToArray()
                : Encoding.UTF8.GetBytes(CatalogueWalkTests.ValidBody(catalogue, catalogue.Type(create.RequestType)).ToJsonString());
            RawResponse made = await Client.SendRawAsync(HttpMethod.Post, path, body, Token(create), Headers(create));
            if (made.Status == 200 && IdIn(made.Body, "Id", "Uuid") is { } id)
            {
                return Known[collection] = id;
            }
        }

        // Nothing made (no POST, or a valid body bunq's schema accepts is not one bunq executes): the first one listed.
        if (catalogue.Find("GET", collection) is { ResponseIsList: true } list)
        {
            RawResponse listed = await Client.SendRawAsync(HttpMethod.Get, path, null, Token(list));
            return Known[collection] = listed.Status == 200 ? IdIn(listed.Body, null, null) : null;
        }

        return null;
    }

    /// <summary>Whether this party can still act: its session works and its main account is active.</summary>
    public async Task<bool> HealthyAsync()
    {
        RawResponse account = await Client.SendRawAsync(HttpMethod.Get, $"user/{Client.UserId}/monetary-account-bank/{Account}", null, Client.SessionToken);
        return account.Status == 200 && JsonNode.Parse(account.Body)?["Response"]?[0]?["MonetaryAccountBank"]?["status"]?.GetValue<string>() == "ACTIVE"
            && (await Client.SendRawAsync(HttpMethod.Get, $"user/{Client.UserId}", null, Client.SessionToken)).Status == 200;
    }

    public void Dispose() => Client.Dispose();

    private Task<string?> ValueAsync(string collection, string placeholder) => placeholder switch
    {
        "{userID}" => Task.FromResult<string?>(Client.UserId.ToString(CultureInfo.InvariantCulture)),
        "{monetary-accountID}" => Task.FromResult<string?>(Account.ToString(CultureInfo.InvariantCulture)),
        _ => IdAsync(collection),
    };

    /// <summary>The first item's <c>id</c> (or <c>uuid</c>), under the wrapper <paramref name="id"/> or <paramref name="uuid"/>, or any wrapper when null.</summary>
    private static string? IdIn(byte[] answer, string? id, string? uuid)
    {
        try
        {
            return JsonNode.Parse(answer)?["Response"]?.AsArray().OfType<JsonObject>()
                .SelectMany(i => i.Where(w => id is null || w.Key == id || w.Key == uuid).Select(w => w.Value?["id"] ?? w.Value?["uuid"]))
                .FirstOrDefault(n => n is JsonValue)?.ToJsonString().Trim('"');
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Where an item is the user or the account itself (bunq's <c>/user-person/{itemId}</c> and the like).</summary>
    private static Dictionary<string, string?> Seeds(long user, long account)
    {
        string u = user.ToString(CultureInfo.InvariantCulture), a = account.ToString(CultureInfo.InvariantCulture);
        return new(StringComparer.Ordinal)
        {
            ["/user"] = u, ["/user-person"] = u, ["/user-company"] = u, ["/user-payment-service-provider"] = u,
            ["/user/{userID}/monetary-account"] = a, ["/user/{userID}/monetary-account-bank"] = a,
        };
    }
}
