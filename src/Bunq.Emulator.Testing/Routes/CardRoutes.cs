using System.Globalization;
using System.Text.Json;
using Bunq.Catalogue;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// Cards: ordered (<c>POST card-debit</c>, <c>card-credit</c>), listed and read (<c>GET card</c>), changed
/// (<c>PUT card/{id}</c>: status, limits, country permissions, accounts) with bunq's rules (<see cref="CardRules"/>); and
/// the card payments made with them (<c>GET …/mastercard-action</c>), per account. A card is its user's: another user's
/// card id answers 404, as every object the emulator does not show its caller.
/// </summary>
internal static class CardRoutes
{
    private const string Cards = "/v1/user/{userID}/card";
    private const string Actions = "/v1/user/{userID}/monetary-account/{monetary-accountID}/mastercard-action";

    /// <summary>The wrapper bunq's SDKs read a card under (<c>CardDebit</c>; data/bunq-facts.txt).</summary>
    private static readonly string CardItem = BunqCatalogue.Embedded.AnswerObject("GET", "/user/{userID}/card/{itemId}");

    /// <summary>bunq's CardDebit/CardCredit: "It can contain at most 17 characters and it can be empty."</summary>
    private const int MaxLineLength = 17;

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        routes.Map("POST", "/v1/user/{userID}/card-debit", context => Order(context, state, "card-debit", ["MAESTRO", "MASTERCARD"]), RouteAuth.Session);
        routes.Map("POST", "/v1/user/{userID}/card-credit", context => Order(context, state, "card-credit", ["MASTERCARD"]), RouteAuth.Session);
        routes.Map("GET", Cards, context => Paging.TryRead(context, out Paging paging, out IResult? refusal)
            ? paging.Page(context, state.Cards.Values.Where(c => c.UserId == Owner(context).Id), c => c.Id, c => Item(CardItem, CardObjects.Card(state, c)))
            : refusal!, RouteAuth.Session);
        routes.Map("GET", Cards + "/{itemId}", context => With(context, state, card => Ok(Item(CardItem, CardObjects.Card(state, card)))), RouteAuth.Session);
        routes.Map("PUT", Cards + "/{itemId}", context => With(context, state, card => Update(context, state, card)), RouteAuth.Session);
        routes.Map("GET", Actions, context => Paging.OfAccount(context, state.CardActions.Values, a => a.AccountId, a => a.Id,
            a => Item("MasterCardAction", CardObjects.Action(state, a))), RouteAuth.Session);
        routes.Map("GET", Actions + "/{itemId}", context =>
            state.CardActions.TryGetValue(context.RouteLong("itemId"), out MasterCardAction? action) && action.AccountId == CallContext.Of(context).Account!.Id
                ? Ok(Item("MasterCardAction", CardObjects.Action(state, action)))
                : Error(404, "MasterCardAction not found."), RouteAuth.Session);
    }

    private static User Owner(HttpContext context) => CallContext.Of(context).Session!.DataOwner;

    private static IResult With(HttpContext context, EmulatorState state, Func<Card, IResult> action) =>
        state.Cards.TryGetValue(context.RouteLong("itemId"), out Card? card) && card.UserId == Owner(context).Id
            ? action(card)
            : Error(404, "Card not found.");

    private static IResult Order(HttpContext context, EmulatorState state, string endpoint, string[] types)
    {
        User owner = Owner(context);
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        string? type = body.String("type");
        if (type is null || !types.Contains(type))
        {
            return Error(400, $"Field 'type' can be {string.Join(" or ", types)}.");
        }

        string secondLine = body.String("second_line") ?? string.Empty;
        string? firstLine = body.String("first_line");
        if (secondLine.Length > MaxLineLength || firstLine?.Length > MaxLineLength)
        {
            return Error(400, $"A line on the card can contain at most {MaxLineLength} characters.");
        }

        string? name = body.String("name_on_card");
        if (name is null || !UserRoutes.PossibleCardNames(owner).Contains(name, StringComparer.Ordinal))
        {
            return Error(400, "Field 'name_on_card' must be one of the names 'card-name' gives for the user.");
        }

        string? productType = body.String("product_type");
        if (string.IsNullOrWhiteSpace(productType))
        {
            return Error(400, "Field 'product_type' is required.");
        }

        string orderStatus = body.String("order_status") ?? "CARD_REQUEST_PENDING";
        if (orderStatus is not ("CARD_REQUEST_PENDING" or "VIRTUAL_DELIVERY"))
        {
            return Error(400, "Field 'order_status' can be CARD_REQUEST_PENDING or VIRTUAL_DELIVERY.");
        }

        Account? ordered = null;
        if (body.Child("alias") is { } alias)
        {
            // "The pointer must be of type IBAN" (bunq's CardDebit.alias).
            if (((JsonElement?)alias).String("type") != "IBAN" || state.FindAccountByIban(((JsonElement?)alias).String("value") ?? string.Empty) is not { } byIban
                || CheckAccount(state, owner, byIban.Id, "alias") is { } wrong)
            {
                return Error(400, "Field 'alias' must be an IBAN pointer to one of the user's active EUR accounts.");
            }

            ordered = byIban;
        }

        if (ReadPins(state, owner, body, out List<CardPinAssignment>? pins) is { } badPins)
        {
            return Error(400, badPins);
        }

        long? primary = pins?.Find(p => p.Type == "PRIMARY")?.AccountId ?? ordered?.Id;
        if (primary is null)
        {
            return Error(400, "Name the card's account: 'alias' (an IBAN pointer) or a PRIMARY 'pin_code_assignment'.");
        }

        if (ReadFallback(state, owner, body, primary.Value, out long? fallback) is { } badFallback)
        {
            return Error(400, badFallback);
        }

        var card = new Card(state.NextId(), owner.Id, endpoint, type, productType, name, secondLine, state.Now)
        {
            FirstLine = firstLine,
            PreferredNameOnCard = body.String("preferred_name_on_card"),
            OrderedAccountId = ordered?.Id ?? primary.Value,
            AccountId = primary.Value,
            FallbackAccountId = fallback,
            Pins = pins ?? [new CardPinAssignment("PRIMARY", primary.Value)],
            // The emulator produces nothing: a physical card is at once accepted for production (activate it to say it
            // arrived), a virtual one delivered.
            OrderStatus = orderStatus == "VIRTUAL_DELIVERY" ? "VIRTUAL_DELIVERY" : "ACCEPTED_FOR_PRODUCTION",
        };
        state.Cards.Add(card.Id, card);
        return Ok(Id(card.Id));
    }

    /// <summary>All of the body is checked before anything changes, so a refused PUT changes nothing.</summary>
    private static IResult Update(HttpContext context, EmulatorState state, Card card)
    {
        User owner = Owner(context);
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        foreach (string unmodelled in new[] { "primary_account_numbers", "order_status" })
        {
            if (body.Child(unmodelled) is not null && !(unmodelled == "order_status" && body.String("order_status") == card.OrderStatus))
            {
                return Error(400, $"Changing '{unmodelled}' is not modelled by the emulator.");
            }
        }

        string? status = body.String("status");
        if (status is not null && CardRules.CheckStatus(card, status) is { } badStatus)
        {
            return Error(400, badStatus);
        }

        decimal? limit = null, atmLimit = null;
        if (body.Child("card_limit") is not null)
        {
            if (CardRules.TryLimit(body, "card_limit", CardRules.MaxLimit, out decimal value) is { } bad)
            {
                return Error(400, bad);
            }

            limit = value;
        }

        if (body.Child("card_limit_atm") is not null)
        {
            if (CardRules.TryLimit(body, "card_limit_atm", CardRules.MaxAtmLimit, out decimal value) is { } bad)
            {
                return Error(400, bad);
            }

            atmLimit = value;
        }

        string? secondLine = body.String("second_line");
        if (secondLine?.Length > MaxLineLength)
        {
            return Error(400, $"Field 'second_line' can contain at most {MaxLineLength} characters.");
        }

        if (ReadPins(state, owner, body, out List<CardPinAssignment>? pins) is { } badPins)
        {
            return Error(400, badPins);
        }

        long primary = pins?.Find(p => p.Type == "PRIMARY")?.AccountId ?? card.AccountId;
        if (pins is not null && !pins.Exists(p => p.Type == "PRIMARY"))
        {
            return Error(400, "Field 'pin_code_assignment' must name a PRIMARY assignment: the account the card pays from.");
        }

        // "Fallback account is removed if not supplied" (bunq's Card.monetary_account_id_fallback).
        if (ReadFallback(state, owner, body, primary, out long? fallback) is { } badFallback)
        {
            return Error(400, badFallback);
        }

        // Last: a country permission takes an id.
        if (ReadCountries(state, body, out List<CardCountryPermission>? countries) is { } badCountries)
        {
            return Error(400, badCountries);
        }

        if (status is not null)
        {
            CardRules.SetStatus(card, status);
        }

        card.Limit = limit ?? card.Limit;
        card.AtmLimit = atmLimit ?? card.AtmLimit;
        card.SecondLine = secondLine ?? card.SecondLine;
        card.PreferredNameOnCard = body.String("preferred_name_on_card") ?? card.PreferredNameOnCard;
        card.Countries = countries ?? card.Countries;
        card.Pins = pins ?? card.Pins;
        card.AccountId = primary;
        card.FallbackAccountId = fallback;
        card.Updated = state.Now;
        return Ok(Item(CardItem, CardObjects.Card(state, card)));
    }

    /// <summary>An account a card may use: the owner's, active, in euro (the emulator converts no currencies).</summary>
    private static string? CheckAccount(EmulatorState state, User owner, long accountId, string field) =>
        state.Accounts.TryGetValue(accountId, out Account? account) && account.UserId == owner.Id && account.Status == "ACTIVE" && account.Currency == CardRules.LimitCurrency
            ? null
            : $"Field '{field}' must name one of the user's active EUR monetary accounts.";

    private static string? ReadPins(EmulatorState state, User owner, JsonElement? body, out List<CardPinAssignment>? pins)
    {
        pins = null;
        if (body.Child("pin_code_assignment") is not { } array)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return "Field 'pin_code_assignment' must be an array.";
        }

        var read = new List<CardPinAssignment>();
        foreach (JsonElement entry in array.EnumerateArray())
        {
            JsonElement? e = entry;
            string? type = e.String("type");
            if (type is not ("PRIMARY" or "SECONDARY" or "TERTIARY") || read.Exists(p => p.Type == type))
            {
                return "Each 'pin_code_assignment' has a distinct type: PRIMARY, SECONDARY or TERTIARY.";
            }

            // "The 4 digit PIN to be assigned to this account": checked, never kept.
            if (e.String("pin_code") is { } pin && (pin.Length != 4 || !pin.All(char.IsAsciiDigit)))
            {
                return "A 'pin_code' is 4 digits.";
            }

            if (!TryLong(e.Child("monetary_account_id"), out long accountId) || CheckAccount(state, owner, accountId, "pin_code_assignment.monetary_account_id") is not null)
            {
                return "Each 'pin_code_assignment' names one of the user's active EUR monetary accounts ('monetary_account_id').";
            }

            read.Add(new CardPinAssignment(type, accountId));
        }

        pins = read;
        return null;
    }

    private static string? ReadFallback(EmulatorState state, User owner, JsonElement? body, long primary, out long? fallback)
    {
        fallback = null;
        JsonElement? value = body.Child("monetary_account_id_fallback");
        if (value is null or { ValueKind: JsonValueKind.Null })
        {
            return null;
        }

        if (!TryLong(value, out long id) || CheckAccount(state, owner, id, "monetary_account_id_fallback") is { } bad)
        {
            return "Field 'monetary_account_id_fallback' must name one of the user's active EUR monetary accounts.";
        }

        if (id == primary)
        {
            return "The fallback account must differ from the card's account.";
        }

        fallback = id;
        return null;
    }

    private static string? ReadCountries(EmulatorState state, JsonElement? body, out List<CardCountryPermission>? countries)
    {
        countries = null;
        if (body.Child("country_permission") is not { } array)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return "Field 'country_permission' must be an array.";
        }

        var read = new List<CardCountryPermission>();
        foreach (JsonElement entry in array.EnumerateArray())
        {
            JsonElement? e = entry;
            string? country = e.String("country");
            if (country is not { Length: 2 } || !country.All(char.IsAsciiLetterUpper))
            {
                return "Each 'country_permission' names a country as two capital letters (e.g. NL, DE).";
            }

            DateTimeOffset? expiry = null;
            if (e.String("expiry_time") is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
                {
                    return "A 'country_permission.expiry_time' must be a time (yyyy-MM-dd HH:mm:ss).";
                }

                expiry = parsed;
            }

            read.Add(new CardCountryPermission(state.NextId(), country, expiry));
        }

        countries = read;
        return null;
    }

    private static bool TryLong(JsonElement? value, out long id)
    {
        id = 0;
        return value is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out id);
    }
}
