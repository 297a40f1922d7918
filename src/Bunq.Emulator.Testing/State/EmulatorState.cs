using System.Globalization;
using System.Security.Cryptography;

namespace Bunq.Emulator;

/// <summary>
/// Everything the emulator knows, behind one lock: request handling is short and in memory, so one lock keeps every
/// invariant (balances, ids, token tables) simple and race-free.
/// </summary>
internal sealed class EmulatorState(BunqEmulatorOptions options)
{
    private long _nextId = options.FirstId - 1;
    private Ledger? _ledger;

    public object Gate { get; } = new();

    public BunqEmulatorOptions Options { get; } = options;

    public Dictionary<string, Installation> InstallationsByToken { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, Installation> Installations { get; } = [];

    public Dictionary<string, ApiKey> ApiKeys { get; } = new(StringComparer.Ordinal);

    public List<Device> Devices { get; } = [];

    public Dictionary<string, Session> SessionsByToken { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, User> Users { get; } = [];

    public Dictionary<long, Account> Accounts { get; } = [];

    public PaymentBook Payments { get; } = new();

    public Dictionary<long, RequestInquiry> Inquiries { get; } = [];

    /// <summary>The payer's side of requests between emulated users.</summary>
    public Dictionary<long, RequestResponse> Responses { get; } = [];

    public Dictionary<long, DraftPayment> DraftPayments { get; } = [];

    public Dictionary<long, PaymentBatch> Batches { get; } = [];

    /// <summary>Scheduled payments, by the id their schedule-payment and schedule share.</summary>
    public Dictionary<long, ScheduledPayment> Schedules { get; } = [];

    public Dictionary<long, BunqMeTab> BunqMeTabs { get; } = [];

    /// <summary>Every user's cards (State/Cards.cs).</summary>
    public Dictionary<long, Card> Cards { get; } = [];

    /// <summary>Card payments, allowed and declined (bunq's MasterCardAction).</summary>
    public Dictionary<long, MasterCardAction> CardActions { get; } = [];

    public Dictionary<long, RequestInquiryBatch> InquiryBatches { get; } = [];

    /// <summary>Objects of the operations answered from bunq's catalogue rather than modelled.</summary>
    public GenericStore Generic { get; } = new();

    public OAuthState OAuth { get; } = new();

    // Made before Events: it reads the data folder's attachment records, and a damaged one then stops the start before
    // anything that must be released (the callback dispatcher's HTTP client) exists.
    /// <summary>Attachments, notes and exports (kept under the data folder too, when there is one).</summary>
    public FileStore Files { get; } = new(options.DataDirectory);

    /// <summary>Every change bunq reports, as events and callbacks (one call per change: <see cref="EmulatorEvents.Record"/>).</summary>
    public EmulatorEvents Events { get; } = new(options);

    /// <summary>Builds every object the emulator answers: the catalogue's shape, the state's values.</summary>
    public ObjectFactory Objects { get; } = new(Bunq.Catalogue.BunqCatalogue.Embedded, options.TimeProvider);

    /// <summary>Every balance change goes through it.</summary>
    public Ledger Ledger => _ledger ??= new Ledger(this);

    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    public long NextId() => ++_nextId;

    public long PeekNextId() => _nextId;

    public void SetNextId(long value) => _nextId = value;

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public User CreatePerson(string displayName)
    {
        var user = new User(NextId(), UserKind.Person, displayName, Options.SessionTimeoutSeconds) { Created = Now };
        Users.Add(user.Id, user);
        return user;
    }

    public ApiKey CreateApiKey(User user, string prefix)
    {
        var key = new ApiKey(prefix + NewToken(), user, NextId());
        ApiKeys.Add(key.Secret, key);
        return key;
    }

    /// <summary>A person with an API key (<c>sandbox_</c>) and one EUR account; returns the key.</summary>
    public string CreateSandboxUser()
    {
        User user = CreatePerson("Sandbox User " + (Users.Count + 1));
        CreateAccount(user.Id, "Main account", "EUR");
        return CreateApiKey(user, "sandbox_").Secret;
    }

    public Account CreateAccount(long userId, string description, string currency, AccountKind kind = AccountKind.Bank)
    {
        long id = NextId();
        string iban = "NL" + (id % 97).ToString("00", CultureInfo.InvariantCulture) + "BUNQ" + id.ToString("0000000000", CultureInfo.InvariantCulture);
        var account = new Account(id, userId, description, currency, iban) { Created = Now, Kind = kind };
        Accounts.Add(id, account);
        return account;
    }

    public Account? FindAccountByIban(string iban) => Accounts.Values.FirstOrDefault(a => a.Iban == iban);

    /// <summary>The person whose e-mail alias is <paramref name="email"/> (case-insensitive, as e-mail is).</summary>
    public User? FindUserByEmail(string email) =>
        Users.Values.FirstOrDefault(u => u.Kind == UserKind.Person && string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where money sent to a user's e-mail lands: their oldest account in that currency.</summary>
    public Account? PrimaryAccount(long userId, string currency) =>
        Accounts.Values.Where(a => a.UserId == userId && a.Currency == currency && a.Status == "ACTIVE").MinBy(a => a.Id);
}
