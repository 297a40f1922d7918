using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

    /// <summary>A person, written straight (the object answered most: every <c>GET /user</c>), in the schema's order.</summary>
    public static JsonNode UserPerson(EmulatorState state, User user) =>
        Raw(Utf8((state, user), static (writer, s) => s.state.Objects.Write(writer, "UserPersonRead", s.user.Id, s.user, s.user, UserPersonField)));

    /// <summary>A person as an answer's item, <c>{"UserPerson": {…}}</c>, written in one go.</summary>
    public static JsonNode UserPersonItem(EmulatorState state, User user) => Raw(Utf8((state, user), static (writer, s) =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("UserPerson"u8);
        s.state.Objects.Write(writer, "UserPersonRead", s.user.Id, s.user, s.user, UserPersonField);
        writer.WriteEndObject();
    }));

    private static bool UserPersonField(Utf8JsonWriter writer, JsonEncodedText name, User user)
    {
        switch (name.Value)
        {
            case "created" or "updated":
                writer.WriteString(name, Time(user.Created));
                break;
            case "public_uuid":
                writer.WriteString(name, Uuid("user", user.Id));
                break;
            case "first_name" or "public_nick_name":
                writer.WriteString(name, FirstName(user));
                break;
            case "middle_name" or "address_shipping":
                writer.WriteNull(name);
                break;
            case "last_name":
                writer.WriteString(name, LastName(user));
                break;
            case "legal_name" or "display_name":
                writer.WriteString(name, user.DisplayName);
                break;
            case "alias":
                writer.WriteStartArray(name);
                WritePointer(writer, "EMAIL", user.Email, user.DisplayName);
                writer.WriteEndArray();
                break;
            case "address_main" or "address_postal":
                writer.WritePropertyName(name);
                WriteAddress(writer);
                break;
            case "date_of_birth":
                writer.WriteString(name, "1990-01-01"u8);
                break;
            case "place_of_birth":
                writer.WriteString(name, "Amsterdam"u8);
                break;
            case "country_of_birth":
                writer.WriteString(name, Country);
                break;
            case "all_nationality":
                writer.WriteStartArray(name);
                writer.WriteStringValue(Country);
                writer.WriteEndArray();
                break;
            case "gender":
                writer.WriteString(name, "UNKNOWN"u8);
                break;
            case "avatar":
                writer.WritePropertyName(name);
                WriteAvatar(writer, "user", user.Id);
                break;
            case "version_terms_of_service":
                writer.WriteString(name, "1.0"u8);
                break;
            case "sub_status":
                writer.WriteString(name, "NONE"u8);
                break;
            case "session_timeout":
                writer.WriteNumber(name, user.SessionTimeout);
                break;
            case "daily_limit_without_confirmation_login":
                WriteAmount(writer, name, 250m, "EUR");
                break;
            default:
                return false;
        }

        return true;
    }

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

    /// <summary>A payment, written straight: every payment is written for its event, and for each of its answers.</summary>
    public static JsonNode Payment(EmulatorState state, Payment payment, Account account) => Raw(PaymentJson(state, payment, account));

    /// <summary>A payment's object as UTF-8 JSON text (what its event keeps).</summary>
    public static byte[] PaymentJson(EmulatorState state, Payment payment, Account account) =>
        Utf8(new PaymentParts(state, payment, account), static (writer, parts) =>
            parts.State.Objects.Write(writer, "PaymentRead", parts.Payment.Id, parts.State.Users[parts.Account.UserId], parts, PaymentField));

    private static bool PaymentField(Utf8JsonWriter writer, JsonEncodedText name, PaymentParts parts)
    {
        (EmulatorState state, Payment payment, Account account) = parts;
        switch (name.Value)
        {
            case "created" or "updated":
                writer.WriteString(name, Time(payment.Created));
                break;
            case "monetary_account_id":
                writer.WriteNumber(name, payment.AccountId);
                break;
            case "amount":
                WriteAmount(writer, name, payment.Amount, payment.Currency);
                break;
            case "alias":
                writer.WritePropertyName(name);
                WriteAccountLabel(writer, account, state.Users.GetValueOrDefault(account.UserId));
                break;
            case "counterparty_alias":
                writer.WritePropertyName(name);
                WriteCounterpartyLabel(writer, state, payment.CounterpartyType, payment.CounterpartyValue, payment.CounterpartyName);
                break;
            case "description":
                writer.WriteString(name, payment.Description);
                break;
            case "type":
                writer.WriteString(name, payment.Type);
                break;
            case "sub_type":
                writer.WriteString(name, payment.SubType);
                break;
            case "payment_arrival_expected":
                writer.WriteStartObject(name);
                writer.WriteString("status"u8, "ARRIVED"u8);
                writer.WriteNull("time"u8);
                writer.WriteEndObject();
                break;
            case "attachment" when state.Files.Notes.Count == 0: // no note on any object: the common case, without the search
                writer.WriteStartArray(name);
                writer.WriteEndArray();
                break;
            case "attachment":
                writer.WritePropertyName(name);
                NoteAttachmentRoutes.Linked(state, "payment", payment.Id).WriteTo(writer);
                break;
            case "batch_id":
                WriteNumberOrNull(writer, name, payment.BatchId);
                break;
            case "scheduled_id":
                WriteNumberOrNull(writer, name, payment.ScheduleId);
                break;
            case "balance_after_mutation":
                WriteAmount(writer, name, payment.BalanceAfter, payment.Currency);
                break;
            case "bunqto_status" or "bunqto_sub_status" or "bunqto_expiry" or "bunqto_time_responded" or "merchant_reference" or "address_shipping"
                or "address_billing" or "geolocation" or "payment_auto_allocate_instance" or "payment_suspended_outgoing" or "payment_fee":
                writer.WriteNull(name);
                break;
            default:
                return false;
        }

        return true;
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, JsonEncodedText name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private readonly record struct PaymentParts(EmulatorState State, Payment Payment, Account Account);

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

    internal static JsonNode AccountLabel(Account account, User? owner) => Raw(Utf8((account, owner), static (writer, s) => WriteAccountLabel(writer, s.account, s.owner)));

    /// <summary>The other side of a payment: an emulated account when we know it, else (the sugar daddy) a name only.</summary>
    internal static JsonNode CounterpartyLabel(EmulatorState state, string type, string value, string? name) =>
        Raw(Utf8((state, type, value, name), static (writer, s) => WriteCounterpartyLabel(writer, s.state, s.type, s.value, s.name)));

    internal static JsonNode UserLabel(string displayName, string kind, long id) =>
        Raw(Utf8((displayName, kind, id), static (writer, s) => WriteUserLabel(writer, s.displayName, s.kind, s.id)));

    private static void WriteAccountLabel(Utf8JsonWriter writer, Account account, User? owner) =>
        WriteLabel(writer, account.Iban, owner?.DisplayName ?? account.Description, "account", account.Id, owner?.DisplayName, "user", owner?.Id ?? 0);

    private static void WriteCounterpartyLabel(Utf8JsonWriter writer, EmulatorState state, string type, string value, string? name)
    {
        Account? account = type switch
        {
            "IBAN" => state.FindAccountByIban(value),
            "EMAIL" when state.FindUserByEmail(value) is { } user => state.Accounts.Values.Where(a => a.UserId == user.Id).MinBy(a => a.Id),
            _ => null,
        };
        if (account is not null)
        {
            WriteAccountLabel(writer, account, state.Users.GetValueOrDefault(account.UserId));
            return;
        }

        string display = name ?? value;
        WriteLabel(writer, type == "IBAN" ? value : null, display, "counterparty", value.Length, display, "counterparty:" + value, 0);
    }

    // bunq's LabelMonetaryAccount: an account's label, or a counterparty's (no account: its avatar and user label by name).
    private static void WriteLabel(Utf8JsonWriter writer, string? iban, string displayName, string avatarKind, long avatarId, string? userName, string userKind, long userId)
    {
        writer.WriteStartObject();
        writer.WriteString("iban"u8, iban);
        writer.WriteString("display_name"u8, displayName);
        writer.WritePropertyName("avatar"u8);
        WriteAvatar(writer, avatarKind, avatarId);
        writer.WritePropertyName("label_user"u8);
        if (userName is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            WriteUserLabel(writer, userName, userKind, userId);
        }

        writer.WriteString("country"u8, Country);
        writer.WriteNull("bunq_me"u8);
        writer.WriteBoolean("is_light"u8, false);
        writer.WriteNull("swift_bic"u8);
        writer.WriteNull("swift_account_number"u8);
        writer.WriteNull("transferwise_account_number"u8);
        writer.WriteNull("transferwise_bank_code"u8);
        writer.WriteNull("merchant_category_code"u8);
        writer.WriteEndObject();
    }

    private static void WriteUserLabel(Utf8JsonWriter writer, string displayName, string kind, long id)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid"u8, Uuid(kind, id));
        writer.WriteString("display_name"u8, displayName);
        writer.WriteString("country"u8, Country);
        writer.WritePropertyName("avatar"u8);
        WriteAvatar(writer, kind, id);
        writer.WriteString("public_nick_name"u8, displayName.Split(' ')[0]);
        writer.WriteEndObject();
    }

    private static JsonNode Pointer(string type, string value, string name) =>
        Raw(Utf8((type, value, name), static (writer, s) => WritePointer(writer, s.type, s.value, s.name)));

    private static void WritePointer(Utf8JsonWriter writer, string type, string value, string name)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteString("value"u8, value);
        writer.WriteString("name"u8, name);
        writer.WriteNull("service"u8);
        writer.WriteEndObject();
    }

    private static void WriteAddress(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("street"u8, "Naritaweg"u8);
        writer.WriteString("house_number"u8, "131"u8);
        writer.WriteNull("po_box"u8);
        writer.WriteString("postal_code"u8, "1043 BS"u8);
        writer.WriteString("city"u8, "Amsterdam"u8);
        writer.WriteString("country"u8, Country);
        writer.WriteNull("extra"u8);
        writer.WriteNull("mailbox_name"u8);
        writer.WriteNull("province"u8);
        writer.WriteBoolean("is_user_address_updated"u8, false);
        writer.WriteEndObject();
    }

    private static JsonNode Avatar(string kind, long id) => Raw(Utf8((kind, id), static (writer, s) => WriteAvatar(writer, s.kind, s.id)));

    /// <summary>
    /// An avatar is the same for the same object every time (its uuids are derived from the object), so its text is
    /// written once and kept: a payment's answer or event holds four (its two labels and their users'), each three
    /// SHA-256 uuids. At most <see cref="AvatarsKept"/> are kept (a counterparty's is keyed by its name).
    /// </summary>
    private static void WriteAvatar(Utf8JsonWriter writer, string kind, long id)
    {
        if (!Avatars.TryGetValue((kind, id), out byte[]? avatar))
        {
            avatar = Utf8((kind, id), static (w, s) => WriteAvatarFields(w, s.kind, s.id));
            if (Avatars.Count < AvatarsKept)
            {
                Avatars.TryAdd((kind, id), avatar);
            }
        }

        writer.WriteRawValue(avatar, skipInputValidation: true);
    }

    private const int AvatarsKept = 4096;

    private static readonly ConcurrentDictionary<(string Kind, long Id), byte[]> Avatars = new();

    private static void WriteAvatarFields(Utf8JsonWriter writer, string kind, long id)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid"u8, Uuid("avatar:" + kind, id));
        writer.WriteString("anchor_uuid"u8, Uuid(kind, id));
        writer.WriteStartArray("image"u8);
        writer.WriteStartObject();
        writer.WriteString("attachment_public_uuid"u8, Uuid("image:" + kind, id));
        writer.WriteString("content_type"u8, "image/png"u8);
        writer.WriteNumber("height"u8, 1024);
        writer.WriteNumber("width"u8, 1024);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("style"u8, "NONE"u8);
        writer.WriteEndObject();
    }

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
