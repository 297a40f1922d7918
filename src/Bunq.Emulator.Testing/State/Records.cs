using System.Security.Cryptography;

namespace Bunq.Emulator;

internal sealed class Installation(long id, string token, RSA clientKey)
{
    public long Id { get; } = id;

    public string Token { get; } = token;

    public RSA ClientKey { get; } = clientKey;

    /// <summary>
    /// <c>client_public_key</c> exactly as the client sent it: a PSD2 provider signs these very characters (plus the
    /// token), so a re-encoded PEM would make a correct signature fail.
    /// </summary>
    public string PublicKeyPem { get; init; } = clientKey.ExportSubjectPublicKeyInfoPem();

    public HashSet<string> RequestIds { get; } = new(StringComparer.Ordinal);
}

internal enum UserKind
{
    Person,
    ApiKey,

    /// <summary>A PSD2 provider registered with its certificate (<c>UserPaymentServiceProvider</c>).</summary>
    PaymentServiceProvider,
}

internal sealed class User(long id, UserKind kind, string displayName, long sessionTimeout)
{
    public long Id { get; } = id;

    public UserKind Kind { get; } = kind;

    public string DisplayName { get; } = displayName;

    /// <summary>Seconds; changed by <c>PUT /user-person/{itemId}</c>, used by sessions opened afterwards.</summary>
    public long SessionTimeout { get; set; } = sessionTimeout;

    public DateTimeOffset Created { get; init; }

    /// <summary>The user's e-mail alias: another emulated user can pay it.</summary>
    public string Email => $"user{Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}@sandbox.emulator.example";

    /// <summary>For an OAuth <c>UserApiKey</c>: the user who granted access (whose accounts it reaches).</summary>
    public User? GrantedBy { get; init; }

    /// <summary>For an OAuth <c>UserApiKey</c>: the user who requested access (whose session timeout applies).</summary>
    public User? RequestedBy { get; init; }

    /// <summary>For a PSD2 provider: the subject of the certificate it registered with.</summary>
    public string? CertificateDistinguishedName { get; init; }
}

/// <summary>An API key (or OAuth access token) with its IP credential: the permitted IPs bound to it.</summary>
internal sealed class ApiKey(string secret, User user, long credentialId)
{
    public string Secret { get; } = secret;

    public User User { get; } = user;

    public long CredentialId { get; } = credentialId;

    public bool AllowAllIps { get; set; }

    public List<PermittedIp> Ips { get; } = [];

    public bool Permits(string ip) =>
        AllowAllIps || Ips.Exists(p => p.Status == "ACTIVE" && string.Equals(p.Ip, ip, StringComparison.Ordinal));
}

internal sealed class PermittedIp(long id, string ip)
{
    public long Id { get; } = id;

    public string Ip { get; } = ip;

    public string Status { get; set; } = "ACTIVE";
}

internal sealed class Device(long id, string description, Installation installation, ApiKey apiKey, string ip)
{
    public long Id { get; } = id;

    public string Description { get; } = description;

    public Installation Installation { get; } = installation;

    public ApiKey ApiKey { get; } = apiKey;

    public string Ip { get; } = ip;
}

internal sealed class Session(long id, string token, Installation installation, ApiKey apiKey, DateTimeOffset created, DateTimeOffset expiry, long timeoutSeconds)
{
    /// <summary>bunq's authentication doc: "If a request is made 30 minutes before a session expires, the session will automatically be extended."</summary>
    public static readonly TimeSpan ExtensionWindow = TimeSpan.FromMinutes(30);

    public long Id { get; } = id;

    public string Token { get; } = token;

    public Installation Installation { get; } = installation;

    public ApiKey ApiKey { get; } = apiKey;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Expiry { get; private set; } = expiry;

    /// <summary>The user's session timeout when the session was opened (seconds).</summary>
    public long TimeoutSeconds { get; } = timeoutSeconds;

    /// <summary>A request within the last 30 minutes moves the expiry to now + the session timeout.</summary>
    /// <returns>Whether the expiry moved.</returns>
    public bool Touch(DateTimeOffset now)
    {
        if (Expiry - now > ExtensionWindow)
        {
            return false;
        }

        Expiry = now.AddSeconds(TimeoutSeconds);
        return true;
    }

    /// <summary>The user whose data the session reaches (the granting user for OAuth).</summary>
    public User DataOwner => ApiKey.User.GrantedBy ?? ApiKey.User;
}

/// <summary>What kind of monetary account: bunq answers each under its own type.</summary>
internal enum AccountKind
{
    Bank,
    Savings,
}

internal sealed class Account(long id, long userId, string description, string currency, string iban)
{
    public AccountKind Kind { get; init; }

    /// <summary>ACTIVE, or CANCELLED once closed (bunq's <c>status</c>).</summary>
    public string Status { get; set; } = "ACTIVE";

    /// <summary>bunq's <c>sub_status</c>: VALID while active, REDEMPTION_VOLUNTARY once closed by its owner.</summary>
    public string SubStatus { get; set; } = "VALID";

    public string? Reason { get; set; }

    public string? ReasonDescription { get; set; }

    /// <summary>A savings account's goal (bunq's <c>savings_goal</c>).</summary>
    public decimal? SavingsGoal { get; set; }

    public long Id { get; } = id;

    public long UserId { get; } = userId;

    /// <summary>Changed by <c>PUT monetary-account-bank/{itemId}</c>.</summary>
    public string Description { get; set; } = description;

    public string Currency { get; } = currency;

    public string Iban { get; } = iban;

    public decimal Balance { get; set; }

    public DateTimeOffset Created { get; init; }
}

internal sealed class Payment(long id, long accountId, decimal amount, string currency, string description, string counterpartyType, string counterpartyValue, string? counterpartyName, DateTimeOffset created)
{
    /// <summary>The account's balance right after this payment (bunq's <c>balance_after_mutation</c>).</summary>
    public decimal BalanceAfter { get; init; }

    /// <summary>bunq's <c>sub_type</c>: <c>PAYMENT</c>, or <c>REQUEST</c> for money that came in answer to a request.</summary>
    public string SubType { get; init; } = "PAYMENT";

    /// <summary>bunq's payment <c>type</c>: <c>BUNQ</c> between bunq accounts, <c>MASTERCARD</c> for a card payment.</summary>
    public string Type { get; init; } = "BUNQ";

    /// <summary>The payment-batch this payment was made in (bunq's <c>batch_id</c>).</summary>
    public long? BatchId { get; init; }

    /// <summary>The schedule whose run made this payment (bunq's <c>scheduled_id</c>).</summary>
    public long? ScheduleId { get; init; }

    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    /// <summary>Negative for money leaving the account.</summary>
    public decimal Amount { get; } = amount;

    public string Currency { get; } = currency;

    public string Description { get; } = description;

    public string CounterpartyType { get; } = counterpartyType;

    public string CounterpartyValue { get; } = counterpartyValue;

    public string? CounterpartyName { get; } = counterpartyName;

    public DateTimeOffset Created { get; } = created;
}

internal sealed class RequestInquiry(long id, long accountId, decimal amount, string currency, string counterparty, string status)
{
    public string Description { get; init; } = string.Empty;

    public DateTimeOffset Created { get; init; }

    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    public decimal Amount { get; } = amount;

    public string Currency { get; } = currency;

    public string Counterparty { get; } = counterparty;

    /// <summary>The pointer type the requester named the counterparty with (<c>EMAIL</c>, <c>IBAN</c>, …).</summary>
    public string CounterpartyType { get; init; } = counterparty.Contains('@', StringComparison.Ordinal) ? "EMAIL" : "IBAN";

    /// <summary>PENDING, ACCEPTED or REJECTED by the counterparty (its request-response), or REVOKED by the requester.</summary>
    public string Status { get; set; } = status;

    /// <summary>When the status last changed: bunq's <c>time_responded</c> once answered.</summary>
    public DateTimeOffset? Updated { get; set; }

    /// <summary>The request-inquiry-batch this request was made in.</summary>
    public long? BatchId { get; init; }

    /// <summary>What the payer paid (bunq's <c>amount_responded</c>), once ACCEPTED.</summary>
    public decimal? AmountResponded { get; set; }

    /// <summary>bunq's <c>allow_amount_higher</c>: the payer may pay more than inquired.</summary>
    public bool AllowAmountHigher { get; init; }

    /// <summary>bunq's <c>allow_amount_lower</c>: the payer may pay less than inquired.</summary>
    public bool AllowAmountLower { get; init; }
}
