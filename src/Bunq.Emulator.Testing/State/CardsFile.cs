using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>The state file's part for cards and card payments (MasterCardActions), kept beside the rest in the same atomically written file.</summary>
internal static class CardsFile
{
    public static JsonObject ToJson(EmulatorState state) => new()
    {
        ["cards"] = new JsonArray(state.Cards.Values.Select(c => (JsonNode?)new JsonObject
        {
            ["id"] = c.Id, ["user"] = c.UserId, ["endpoint"] = c.Endpoint, ["type"] = c.Type, ["product_type"] = c.ProductType,
            ["name_on_card"] = c.NameOnCard, ["preferred_name"] = c.PreferredNameOnCard, ["first_line"] = c.FirstLine, ["second_line"] = c.SecondLine,
            ["created"] = c.Created, ["updated"] = c.Updated, ["status"] = c.Status, ["order_status"] = c.OrderStatus, ["activated"] = c.ActivatedOnce,
            ["account"] = c.AccountId, ["ordered_account"] = c.OrderedAccountId, ["fallback"] = c.FallbackAccountId, ["limit"] = c.Limit, ["atm_limit"] = c.AtmLimit,
            ["countries"] = new JsonArray(c.Countries.Select(p => (JsonNode?)new JsonObject { ["id"] = p.Id, ["country"] = p.Country, ["expiry"] = p.Expiry }).ToArray()),
            ["pins"] = new JsonArray(c.Pins.Select(p => (JsonNode?)new JsonObject { ["type"] = p.Type, ["account"] = p.AccountId }).ToArray()),
        }).ToArray()),
        ["actions"] = new JsonArray(state.CardActions.Values.Select(a => (JsonNode?)new JsonObject
        {
            ["id"] = a.Id, ["card"] = a.CardId, ["account"] = a.AccountId, ["amount"] = a.Amount, ["currency"] = a.Currency, ["merchant"] = a.Merchant,
            ["city"] = a.City, ["country"] = a.Country, ["atm"] = a.Atm, ["created"] = a.Created, ["decision"] = a.Decision,
            ["decision_description"] = a.DecisionDescription, ["payment"] = a.PaymentId,
        }).ToArray()),
    };

    public static void Load(EmulatorState state, JsonObject? root)
    {
        if (root is null)
        {
            return; // a state file from before cards were kept
        }

        foreach (JsonNode? c in root["cards"]!.AsArray())
        {
            var card = new Card(c!["id"]!.GetValue<long>(), c["user"]!.GetValue<long>(), c["endpoint"]!.GetValue<string>(), c["type"]!.GetValue<string>(),
                c["product_type"]!.GetValue<string>(), c["name_on_card"]!.GetValue<string>(), c["second_line"]!.GetValue<string>(), c["created"]!.GetValue<DateTimeOffset>())
            {
                FirstLine = c["first_line"]?.GetValue<string>(),
                OrderedAccountId = c["ordered_account"]!.GetValue<long>(),
                PreferredNameOnCard = c["preferred_name"]?.GetValue<string>(),
                Updated = c["updated"]!.GetValue<DateTimeOffset>(),
                Status = c["status"]!.GetValue<string>(),
                OrderStatus = c["order_status"]!.GetValue<string>(),
                ActivatedOnce = c["activated"]!.GetValue<bool>(),
                AccountId = c["account"]!.GetValue<long>(),
                FallbackAccountId = c["fallback"]?.GetValue<long>(),
                Limit = c["limit"]!.GetValue<decimal>(),
                AtmLimit = c["atm_limit"]!.GetValue<decimal>(),
                Countries = c["countries"]!.AsArray().Select(p => new CardCountryPermission(p!["id"]!.GetValue<long>(), p["country"]!.GetValue<string>(), p["expiry"]?.GetValue<DateTimeOffset>())).ToList(),
                Pins = c["pins"]!.AsArray().Select(p => new CardPinAssignment(p!["type"]!.GetValue<string>(), p["account"]!.GetValue<long>())).ToList(),
            };
            state.Cards.Add(card.Id, card);
        }

        foreach (JsonNode? a in root["actions"]!.AsArray())
        {
            var action = new MasterCardAction(a!["id"]!.GetValue<long>(), a["card"]!.GetValue<long>(), a["account"]!.GetValue<long>(), a["amount"]!.GetValue<decimal>(),
                a["currency"]!.GetValue<string>(), a["merchant"]!.GetValue<string>(), a["created"]!.GetValue<DateTimeOffset>())
            {
                City = a["city"]!.GetValue<string>(),
                Country = a["country"]!.GetValue<string>(),
                Atm = a["atm"]!.GetValue<bool>(),
                Decision = a["decision"]!.GetValue<string>(),
                DecisionDescription = a["decision_description"]?.GetValue<string>(),
                PaymentId = a["payment"]?.GetValue<long>(),
            };
            state.CardActions.Add(action.Id, action);
        }
    }
}
