using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>The objects of money that moves between emulated users: request-responses and draft payments.</summary>
internal static partial class BunqObjects
{
    public static JsonObject RequestResponse(EmulatorState state, RequestResponse response)
    {
        RequestInquiry inquiry = state.Inquiries[response.InquiryId];
        Account payer = state.Accounts[response.AccountId];
        Account requester = state.Accounts[inquiry.AccountId];
        return state.Objects.Build("RequestResponseRead", response.Id, state.Users[payer.UserId], new JsonObject
        {
            ["created"] = Time(response.Created),
            ["updated"] = Time(response.Responded ?? response.Created),
            ["time_responded"] = response.Responded is { } responded ? Time(responded) : null,
            ["time_expiry"] = null,
            ["time_refund_requested"] = null,
            ["time_refunded"] = null,
            ["user_refund_requested"] = null,
            ["monetary_account_id"] = payer.Id,
            ["amount_inquired"] = Amount(inquiry.Amount, inquiry.Currency),
            ["amount_responded"] = response.Status == "ACCEPTED" ? Amount(inquiry.AmountResponded ?? inquiry.Amount, inquiry.Currency) : null,
            ["status"] = response.Status,
            ["description"] = inquiry.Description,
            ["alias"] = AccountLabel(payer, state.Users[payer.UserId]),
            ["counterparty_alias"] = AccountLabel(requester, state.Users[requester.UserId]),
            ["minimum_age"] = null,
            ["require_address"] = "NONE",
            ["geolocation"] = null,
            ["type"] = "INTERNAL",
            ["sub_type"] = "NONE",
            ["redirect_url"] = null,
            ["address_billing"] = null,
            ["address_shipping"] = null,
            ["credit_scheme_identifier"] = null,
            ["mandate_identifier"] = null,
            ["attachment"] = NoteAttachmentRoutes.Described(state, "request-response", response.Id),
        });
    }

    public static JsonObject DraftPayment(EmulatorState state, DraftPayment draft)
    {
        Account account = state.Accounts[draft.AccountId];
        User owner = state.Users[account.UserId];
        List<Payment> paid = draft.PaymentIds.Select(id => state.Payments.Find(id)!).ToList();
        return state.Objects.Build("DraftPaymentRead", draft.Id, owner, new JsonObject
        {
            ["monetary_account_id"] = account.Id,
            ["user_alias_created"] = UserLabel(owner.DisplayName, "user", owner.Id),
            ["responses"] = draft.Status == "PENDING" ? new JsonArray() : new JsonArray(new JsonObject
            {
                ["status"] = draft.Status,
                ["user_alias_created"] = UserLabel(owner.DisplayName, "user", owner.Id),
            }),
            ["status"] = draft.Status,
            ["type"] = "PAYMENT",
            ["entries"] = new JsonArray(draft.Entries.Select((entry, i) => (JsonNode)state.Objects.Build("DraftPaymentEntry", draft.EntryIds[i], owner, new JsonObject
            {
                ["amount"] = Amount(entry.Amount, entry.Currency),
                ["alias"] = AccountLabel(account, owner),
                ["counterparty_alias"] = CounterpartyLabel(state, entry.CounterpartyType, entry.CounterpartyValue, entry.CounterpartyName),
                ["description"] = entry.Description,
                ["merchant_reference"] = null,
            })).ToArray()),
            // What accepting made: the payment, or for several entries the batch that holds them.
            ["object"] = paid.Count switch
            {
                0 => null,
                1 => new JsonObject { ["Payment"] = Payment(state, paid[0], account) },
                _ => new JsonObject { ["PaymentBatch"] = PaymentRoutes.BatchItem(state, state.Batches[draft.BatchId!.Value])["PaymentBatch"]!.DeepClone() },
            },
            ["schedule"] = null,
        });
    }
}
