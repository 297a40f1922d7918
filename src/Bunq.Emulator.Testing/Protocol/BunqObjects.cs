using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// What the emulator's state knows about each modelled object, laid over the catalogue's shape by the one
/// <see cref="ObjectFactory"/>: every field of bunq's published <c>…Read</c> schema is there, of the right JSON type;
/// the values below are the state's (or a deliberate <c>null</c> where bunq leaves a field empty). A test walks every
/// returned object against the schema, so a field bunq does not publish fails it.
/// </summary>
internal static partial class BunqObjects
{
    private const string Country = "NL";

    public static JsonObject UserPerson(EmulatorState state, User user) => state.Objects.Build("UserPersonRead", user.Id, user, new JsonObject
    {
        ["created"] = Time(user.Created),
        ["updated"] = Time(user.Created),
        ["public_uuid"] = Uuid("user", user.Id),
        ["first_name"] = FirstName(user),
        ["middle_name"] = null,
        ["last_name"] = LastName(user),
        ["legal_name"] = user.DisplayName,
        ["display_name"] = user.DisplayName,
        ["public_nick_name"] = FirstName(user),
        ["alias"] = new JsonArray(Pointer("EMAIL", user.Email, user.DisplayName)),
        ["address_main"] = Address(),
        ["address_postal"] = Address(),
        ["address_shipping"] = null,
        ["date_of_birth"] = "1990-01-01",
        ["place_of_birth"] = "Amsterdam",
        ["country_of_birth"] = Country,
        ["all_nationality"] = new JsonArray(Country),
        ["gender"] = "UNKNOWN",
        ["avatar"] = Avatar("user", user.Id),
        ["version_terms_of_service"] = "1.0",
        ["sub_status"] = "NONE",
        ["session_timeout"] = user.SessionTimeout,
        ["daily_limit_without_confirmation_login"] = Amount(250m, "EUR"),
    });

    /// <summary>An OAuth session's user: who asked for access and who granted it, each as a full person.</summary>
    public static JsonObject UserApiKey(EmulatorState state, User user) => state.Objects.Build("UserApiKey", user.Id, user, new JsonObject
    {
        ["created"] = Time(user.Created),
        ["updated"] = Time(user.Created),
        ["requested_by_user"] = Item("UserPerson", UserPerson(state, user.RequestedBy!)),
        ["granted_by_user"] = Item("UserPerson", UserPerson(state, user.GrantedBy!)),
    });

    public static JsonObject MonetaryAccountBank(EmulatorState state, Account account, User owner)
    {
        JsonObject values = AccountValues(account, owner);
        values["overdraft_limit"] = Amount(0m, account.Currency);
        values["display_name"] = owner.DisplayName;
        return state.Objects.Build("MonetaryAccountBankRead", account.Id, owner, values);
    }

    /// <summary>A savings account: a bank account's values with its goal and the progress towards it (in percent).</summary>
    public static JsonObject MonetaryAccountSavings(EmulatorState state, Account account, User owner)
    {
        JsonObject values = AccountValues(account, owner);
        values["savings_goal"] = account.SavingsGoal is { } goal ? Amount(goal, account.Currency) : null;
        values["savings_goal_progress"] = account.SavingsGoal is { } target && target > 0 ? (int)Math.Min(100m, Math.Floor(account.Balance * 100m / target)) : 0;
        values["all_co_owner"] = new JsonArray();
        return state.Objects.Build("MonetaryAccountSavingsRead", account.Id, owner, values);
    }

    internal static JsonObject AccountValues(Account account, User owner) => new()
    {
        ["created"] = Time(account.Created),
        ["updated"] = Time(account.Created),
        ["avatar"] = Avatar("account", account.Id),
        ["currency"] = account.Currency,
        ["description"] = account.Description,
        ["daily_limit"] = Amount(1000m, account.Currency),
        ["balance"] = Amount(account.Balance, account.Currency),
        ["alias"] = new JsonArray(Pointer("IBAN", account.Iban, owner.DisplayName)),
        ["public_uuid"] = Uuid("account", account.Id),
        ["status"] = account.Status,
        ["sub_status"] = account.SubStatus,
        ["reason"] = account.Reason,
        ["reason_description"] = account.ReasonDescription,
        ["monetary_account_profile"] = null,
        ["setting"] = new JsonObject
        {
            ["color"] = "#FE2851",
            ["icon"] = null,
            ["default_avatar_status"] = "AVATAR_DEFAULT",
            ["restriction_chat"] = "ALLOW_INCOMING",
            ["sdd_expiration_action"] = "EXPIRE",
        },
    };

    public static JsonObject Payment(EmulatorState state, Payment payment, Account account) => state.Objects.Build("PaymentRead", payment.Id, state.Users[account.UserId], new JsonObject
    {
        ["created"] = Time(payment.Created),
        ["updated"] = Time(payment.Created),
        ["monetary_account_id"] = payment.AccountId,
        ["amount"] = Amount(payment.Amount, payment.Currency),
        ["alias"] = AccountLabel(account, state.Users.GetValueOrDefault(account.UserId)),
        ["counterparty_alias"] = CounterpartyLabel(state, payment.CounterpartyType, payment.CounterpartyValue, payment.CounterpartyName),
        ["description"] = payment.Description,
        ["type"] = payment.Type,
        ["sub_type"] = payment.SubType,
        ["payment_arrival_expected"] = new JsonObject { ["status"] = "ARRIVED", ["time"] = null },
        ["bunqto_status"] = null,
        ["bunqto_sub_status"] = null,
        ["bunqto_expiry"] = null,
        ["bunqto_time_responded"] = null,
        ["attachment"] = NoteAttachmentRoutes.Linked(state, "payment", payment.Id),
        ["merchant_reference"] = null,
        ["batch_id"] = payment.BatchId,
        ["scheduled_id"] = payment.ScheduleId,
        ["address_shipping"] = null,
        ["address_billing"] = null,
        ["geolocation"] = null,
        ["balance_after_mutation"] = Amount(payment.BalanceAfter, payment.Currency),
        ["payment_auto_allocate_instance"] = null,
        ["payment_suspended_outgoing"] = null,
        ["payment_fee"] = null,
    });

    public static JsonObject RequestInquiry(EmulatorState state, RequestInquiry inquiry, Account account)
    {
        User owner = state.Users[account.UserId];
        bool answered = inquiry.Status == "ACCEPTED";
        return state.Objects.Build("RequestInquiryRead", inquiry.Id, owner, new JsonObject
        {
            ["created"] = Time(inquiry.Created),
            ["updated"] = Time(inquiry.Updated ?? inquiry.Created),
            ["time_responded"] = inquiry.Updated is { } responded && inquiry.Status is "ACCEPTED" or "REJECTED" ? Time(responded) : null,
            ["time_expiry"] = null,
            ["monetary_account_id"] = inquiry.AccountId,
            ["amount_inquired"] = Amount(inquiry.Amount, inquiry.Currency),
            ["amount_responded"] = answered ? Amount(inquiry.AmountResponded ?? inquiry.Amount, inquiry.Currency) : null,
            ["user_alias_created"] = UserLabel(owner.DisplayName, "user", owner.Id),
            ["user_alias_revoked"] = null,
            ["counterparty_alias"] = CounterpartyLabel(state, inquiry.CounterpartyType, inquiry.Counterparty, null),
            ["description"] = inquiry.Description,
            ["merchant_reference"] = null,
            // bunq types a request's attachment as BunqId (an id only), where a payment's carries its account too
            ["attachment"] = new JsonArray(NoteAttachmentRoutes.Linked(state, "request-inquiry", inquiry.Id).Select(a => (JsonNode)new JsonObject { ["id"] = a!["id"]!.DeepClone() }).ToArray()),
            ["status"] = inquiry.Status,
            ["batch_id"] = inquiry.BatchId,
            ["minimum_age"] = null,
            ["require_address"] = "NONE",
            ["address_shipping"] = null,
            ["address_billing"] = null,
            ["geolocation"] = null,
            ["reference_split_the_bill"] = null,
        });
    }

    public static JsonObject CredentialPasswordIp(EmulatorState state, ApiKey key) => state.Objects.Build("UserCredentialPasswordIpRead", key.CredentialId, key.User, new JsonObject
    {
        ["created"] = Time(key.User.Created),
        ["updated"] = Time(key.User.Created),
        ["expiry_time"] = null,
        ["token_value"] = null,
        ["permitted_device"] = null,
    });

    /// <summary>bunq publishes only <c>ip</c> and <c>status</c>; its answers also carry the <c>id</c> a PUT needs.</summary>
    public static JsonObject PermittedIp(EmulatorState state, ApiKey key, PermittedIp ip) =>
        state.Objects.Build("PermittedIpRead", ip.Id, key.User, new JsonObject { ["id"] = ip.Id, ["ip"] = ip.Ip, ["status"] = ip.Status });

    internal static JsonObject AccountLabel(Account account, User? owner) => new()
    {
        ["iban"] = account.Iban,
        ["display_name"] = owner?.DisplayName ?? account.Description,
        ["avatar"] = Avatar("account", account.Id),
        ["label_user"] = owner is null ? null : UserLabel(owner.DisplayName, "user", owner.Id),
        ["country"] = Country,
        ["bunq_me"] = null,
        ["is_light"] = false,
        ["swift_bic"] = null,
        ["swift_account_number"] = null,
        ["transferwise_account_number"] = null,
        ["transferwise_bank_code"] = null,
        ["merchant_category_code"] = null,
    };

    /// <summary>The other side of a payment: an emulated account when we know it, else (the sugar daddy) a name only.</summary>
    internal static JsonObject CounterpartyLabel(EmulatorState state, string type, string value, string? name)
    {
        Account? account = type switch
        {
            "IBAN" => state.FindAccountByIban(value),
            "EMAIL" when state.FindUserByEmail(value) is { } user => state.Accounts.Values.Where(a => a.UserId == user.Id).MinBy(a => a.Id),
            _ => null,
        };
        if (account is not null)
        {
            return AccountLabel(account, state.Users.GetValueOrDefault(account.UserId));
        }

        string display = name ?? value;
        JsonObject label = AccountLabel(new Account(0, 0, display, "EUR", value), owner: null);
        label["iban"] = type == "IBAN" ? value : null;
        label["avatar"] = Avatar("counterparty", value.Length);
        label["label_user"] = UserLabel(display, "counterparty:" + value, 0);
        return label;
    }

    internal static JsonObject UserLabel(string displayName, string kind, long id) => new()
    {
        ["uuid"] = Uuid(kind, id),
        ["display_name"] = displayName,
        ["country"] = Country,
        ["avatar"] = Avatar(kind, id),
        ["public_nick_name"] = displayName.Split(' ')[0],
    };

    private static JsonObject Pointer(string type, string value, string name) => new()
    {
        ["type"] = type,
        ["value"] = value,
        ["name"] = name,
        ["service"] = null,
    };

    private static JsonObject Address() => new()
    {
        ["street"] = "Naritaweg",
        ["house_number"] = "131",
        ["po_box"] = null,
        ["postal_code"] = "1043 BS",
        ["city"] = "Amsterdam",
        ["country"] = Country,
        ["extra"] = null,
        ["mailbox_name"] = null,
        ["province"] = null,
        ["is_user_address_updated"] = false,
    };

    private static JsonObject Avatar(string kind, long id) => new()
    {
        ["uuid"] = Uuid("avatar:" + kind, id),
        ["anchor_uuid"] = Uuid(kind, id),
        ["image"] = new JsonArray(new JsonObject
        {
            ["attachment_public_uuid"] = Uuid("image:" + kind, id),
            ["content_type"] = "image/png",
            ["height"] = 1024,
            ["width"] = 1024,
        }),
        ["style"] = "NONE",
    };

    private static string FirstName(User user) => user.DisplayName.Split(' ', 2)[0];

    private static string LastName(User user) => user.DisplayName.Split(' ', 2) is [_, var last] ? last : user.DisplayName;

    /// <summary>A stable UUID per object (name-based, version 5 layout): the same object shows the same uuid across restarts without storing it.</summary>
    /// <remarks>
    /// A payment's answer and event hold seven of them (avatars and labels), so the name is hashed and the text written
    /// without the intermediate strings and arrays; the value is the SHA-256 of the UTF-8 of <c>kind/id</c>, as before.
    /// </remarks>
    internal static string Uuid(string kind, long id)
    {
        Span<byte> name = stackalloc byte[256];
        int length = Encoding.UTF8.TryGetBytes(kind, name, out int written) && written < name.Length - 21
            && id.TryFormat(name[(written + 1)..], out int digits, provider: CultureInfo.InvariantCulture)
            ? written + 1 + digits
            : -1;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (length < 0)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(kind + "/" + id.ToString(CultureInfo.InvariantCulture)), hash); // a long kind: never in practice
        }
        else
        {
            name[written] = (byte)'/';
            SHA256.HashData(name[..length], hash);
        }

        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
