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

    public long SessionTimeout { get; } = sessionTimeout;

    /// <summary>For an OAuth <c>UserApiKey</c>: the user who granted access (whose accounts it reaches).</summary>
    public User? GrantedBy { get; init; }

    /// <summary>For an OAuth <c>UserApiKey</c>: the user who requested access (whose session timeout applies).</summary>
    public User? RequestedBy { get; init; }

    public DateTimeOffset Created { get; init; }

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

internal sealed class Session(long id, string token, Installation installation, ApiKey apiKey, DateTimeOffset created, DateTimeOffset expiry)
{
    public long Id { get; } = id;

    public string Token { get; } = token;

    public Installation Installation { get; } = installation;

    public ApiKey ApiKey { get; } = apiKey;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Expiry { get; } = expiry;

    /// <summary>The user whose data the session reaches (the granting user for OAuth).</summary>
    public User DataOwner => ApiKey.User.GrantedBy ?? ApiKey.User;
}

internal sealed class Account(long id, long userId, string description, string currency, string iban)
{
    public long Id { get; } = id;

    public long UserId { get; } = userId;

    public string Description { get; } = description;

    public string Currency { get; } = currency;

    public string Iban { get; } = iban;

    public decimal Balance { get; set; }

    public DateTimeOffset Created { get; init; }
}

internal sealed class Payment(long id, long accountId, decimal amount, string currency, string description, string counterpartyType, string counterpartyValue, string? counterpartyName, DateTimeOffset created)
{
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
    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    public decimal Amount { get; } = amount;

    public string Currency { get; } = currency;

    public string Counterparty { get; } = counterparty;

    public string Status { get; } = status;
}
