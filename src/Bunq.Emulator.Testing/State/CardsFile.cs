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

    /// <summary>Reads what <see cref="ToJson"/> wrote through the state file's one <paramref name="reader"/> (errors name the place: <c>cards.cards[0].pins[1].account</c>).</summary>
    public static void Load(EmulatorState state, StateFileReader reader, JsonObject? root)
    {
        if (root is null)
        {
            return; // a state file from before cards were kept
        }

        foreach (JsonNode c in reader.Items(root, "cards"))
        {
            var card = new Card(reader.Get<long>(c, "id"), reader.Get<long>(c, "user"), reader.Get<string>(c, "endpoint"), reader.Get<string>(c, "type"),
                reader.Get<string>(c, "product_type"), reader.Get<string>(c, "name_on_card"), reader.Get<string>(c, "second_line"), reader.Get<DateTimeOffset>(c, "created"))
            {
                FirstLine = reader.OptionalText(c, "first_line"),
                OrderedAccountId = reader.Get<long>(c, "ordered_account"),
                PreferredNameOnCard = reader.OptionalText(c, "preferred_name"),
                Updated = reader.Get<DateTimeOffset>(c, "updated"),
                Status = reader.Get<string>(c, "status"),
                OrderStatus = reader.Get<string>(c, "order_status"),
                ActivatedOnce = reader.Get<bool>(c, "activated"),
                AccountId = reader.Get<long>(c, "account"),
                FallbackAccountId = reader.OptionalValue<long>(c, "fallback"),
                Limit = reader.Get<decimal>(c, "limit"),
                AtmLimit = reader.Get<decimal>(c, "atm_limit"),
                Countries = reader.List(c, "countries", p => new CardCountryPermission(reader.Get<long>(p, "id"), reader.Get<string>(p, "country"), reader.OptionalValue<DateTimeOffset>(p, "expiry"))).ToList(),
                Pins = reader.List(c, "pins", p => new CardPinAssignment(reader.Get<string>(p, "type"), reader.Get<long>(p, "account"))).ToList(),
            };
            reader.Add(state.Cards, card.Id, card, "id");
        }

        foreach (JsonNode a in reader.Items(root, "actions"))
        {
            var action = new MasterCardAction(reader.Get<long>(a, "id"), reader.Get<long>(a, "card"), reader.Get<long>(a, "account"), reader.Get<decimal>(a, "amount"),
                reader.Get<string>(a, "currency"), reader.Get<string>(a, "merchant"), reader.Get<DateTimeOffset>(a, "created"))
            {
                City = reader.Get<string>(a, "city"),
                Country = reader.Get<string>(a, "country"),
                Atm = reader.Get<bool>(a, "atm"),
                Decision = reader.Get<string>(a, "decision"),
                DecisionDescription = reader.OptionalText(a, "decision_description"),
                PaymentId = reader.OptionalValue<long>(a, "payment"),
            };
            reader.Add(state.CardActions, action.Id, action, "id");
        }
    }
}
