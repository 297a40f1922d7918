using System.Globalization;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>Cards and card payments as bunq answers them: <c>CardRead</c> and <c>MasterCardActionRead</c> filled from the state.</summary>
internal static class CardObjects
{
    /// <summary>A card, as <c>GET card/{id}</c> answers it (and the list, and the PUT: the same fields).</summary>
    public static JsonObject Card(EmulatorState state, Card card)
    {
        User owner = state.Users[card.UserId];
        Account current = state.Accounts[card.AccountId];
        Account ordered = state.Accounts.GetValueOrDefault(card.OrderedAccountId) ?? current;
        return state.Objects.Build("CardRead", card.Id, owner, new JsonObject
        {
            ["created"] = Time(card.Created),
            ["updated"] = Time(card.Updated),
            ["public_uuid"] = card.Uuid,
            ["user_id"] = owner.Id,
            ["user_owner_id"] = owner.Id,
            ["user_holder_id"] = owner.Id,
            ["type"] = card.Type,
            ["product_type"] = card.ProductType,
            ["first_line"] = card.FirstLine,
            ["second_line"] = card.SecondLine,
            ["status"] = card.Status,
            ["sub_status"] = "NONE",
            ["order_status"] = card.OrderStatus,
            ["expiry_date"] = card.Expiry.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["name_on_card"] = card.NameOnCard,
            ["preferred_name_on_card"] = card.PreferredNameOnCard,
            ["primary_account_numbers"] = new JsonArray(state.Objects.Build("CardPrimaryAccountNumber", card.Id, owner, new JsonObject
            {
                ["id"] = card.Id, ["description"] = card.SecondLine, ["status"] = card.Status, ["monetary_account_id"] = card.AccountId,
                ["uuid"] = card.Uuid, ["four_digit"] = card.FourDigits,
            })),
            ["card_limit"] = Amount(card.Limit, CardRules.LimitCurrency),
            ["card_limit_atm"] = Amount(card.AtmLimit, CardRules.LimitCurrency),
            ["country_permission"] = new JsonArray(card.Countries.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["country"] = p.Country }).ToArray()),
            ["label_monetary_account_ordered"] = BunqObjects.AccountLabel(ordered, owner),
            ["label_monetary_account_current"] = BunqObjects.AccountLabel(current, owner),
            ["monetary_account"] = null,
            ["pin_code_assignment"] = new JsonArray(card.Pins.Select(p => (JsonNode)new JsonObject
            {
                ["type"] = p.Type, ["routing_type"] = "MANUAL", ["monetary_account_id"] = p.AccountId, ["status"] = "ACTIVE",
            }).ToArray()),
            ["monetary_account_id_fallback"] = card.FallbackAccountId,
            ["country"] = CardRules.DomesticCountry,
            ["card_shipment_tracking_url"] = null,
            ["card_replacement"] = null,
            ["card_generated_cvc2"] = null,
            ["company_employee_card"] = null,
        });
    }

    /// <summary>A card payment's authorisation, allowed or declined, as <c>GET mastercard-action/{id}</c> answers it.</summary>
    public static JsonObject Action(EmulatorState state, MasterCardAction action)
    {
        Account account = state.Accounts[action.AccountId];
        User owner = state.Users[account.UserId];
        Card? card = state.Cards.GetValueOrDefault(action.CardId);
        JsonObject amount = Amount(action.Amount, action.Currency);
        return state.Objects.Build("MasterCardActionRead", action.Id, owner, new JsonObject
        {
            ["monetary_account_id"] = account.Id,
            ["card_id"] = action.CardId,
            ["amount_local"] = amount.DeepClone(),
            ["amount_converted"] = amount.DeepClone(),
            ["amount_billing"] = amount.DeepClone(),
            ["amount_original_local"] = amount.DeepClone(),
            ["amount_original_billing"] = amount.DeepClone(),
            ["amount_fee"] = Amount(0m, action.Currency),
            ["card_authorisation_id_response"] = action.IsAllowed ? action.Id.ToString("000000", CultureInfo.InvariantCulture)[^6..] : null,
            ["decision"] = action.Decision,
            ["payment_status"] = action.IsAllowed ? "PAYMENT_SUCCESSFUL" : "PAYMENT_FAILED",
            ["decision_description"] = action.DecisionDescription ?? string.Empty,
            ["decision_description_translated"] = action.DecisionDescription ?? string.Empty,
            ["decision_together_url"] = null,
            ["description"] = action.Merchant,
            ["authorisation_status"] = action.IsAllowed ? "AUTHORISED" : "BLOCKED",
            ["authorisation_type"] = action.Atm ? "ATM_WITHDRAWAL" : "NORMAL_AUTHORISATION",
            ["pan_entry_mode_user"] = action.Atm ? "ATM" : "ICC",
            ["settlement_status"] = action.IsAllowed ? "SETTLED" : null,
            ["clearing_status"] = action.IsAllowed ? "FIRST_PRESENTMENT_COMPLETE" : null,
            ["city"] = action.City,
            ["alias"] = BunqObjects.AccountLabel(account, owner),
            ["counterparty_alias"] = BunqObjects.CounterpartyLabel(state, "MERCHANT", action.Merchant, action.Merchant),
            ["label_card"] = card is null ? null : new JsonObject
            {
                ["uuid"] = card.Uuid, ["type"] = card.Type, ["second_line"] = card.SecondLine,
                ["expiry_date"] = card.Expiry.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["status"] = card.Status,
                ["label_user"] = BunqObjects.UserLabel(owner.DisplayName, "user", owner.Id),
            },
            ["applied_limit"] = action.Atm ? "CARD_LIMIT_ATM" : "CARD_LIMIT_POS_ICC",
            ["pos_card_presence"] = "CARD_PRESENT",
            ["pos_card_holder_presence"] = "CARD_HOLDER_PRESENT",
            ["all_mastercard_action_refund"] = new JsonArray(),
            ["request_reference_split_the_bill"] = new JsonArray(),
        });
    }
}
