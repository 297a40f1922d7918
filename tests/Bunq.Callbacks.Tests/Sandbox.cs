using Bunq.Emulator;

namespace Bunq.Callbacks.Tests;

/// <summary>Emulators, sandbox users and money for the tests.</summary>
internal static class Sandbox
{
    public static Task<BunqEmulator> StartAsync(CallbackReceiver? trusted, TimeProvider? time = null, string? dataDirectory = null, int port = 0) =>
        BunqEmulator.StartAsync(new BunqEmulatorOptions
        {
            EnforceRateLimits = false,
            CallbackCertificateAuthority = trusted is null ? null : TestCertificate.PublicPart(trusted.Certificate),
            TimeProvider = time ?? TimeProvider.System,
            DataDirectory = dataDirectory,
            Port = port,
        });

    public static BunqOptions Options(BunqEmulator bunq, string? apiKey) => Options(bunq.BaseAddress, bunq.Pin, apiKey);

    public static BunqOptions Options(Uri baseAddress, string pin, string? apiKey)
    {
        var options = new BunqOptions { BaseAddress = baseAddress, ApiKey = apiKey };
        options.CertificatePins.Add(pin);
        return options;
    }

    /// <summary>A new sandbox user, connected, with its main account (topped up by <paramref name="topUp"/> when above zero).</summary>
    public static async Task<User> UserAsync(BunqEmulator bunq, decimal topUp = 0m)
    {
        Bank bank = await Bank.ConnectAsync(Options(bunq, bunq.CreateSandboxUser()));
        return await UserAsync(bank, topUp);
    }

    public static async Task<User> UserAsync(Bank bank, decimal topUp = 0m)
    {
        MonetaryAccountBank account = (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.MinBy(a => a.Id)!;
        if (topUp > 0)
        {
            await BunqSandbox.TopUpAsync(bank.Connection, account.Id, topUp);
        }

        return new User(bank, account);
    }

    public static Task<BunqId> PayAsync(User from, User to, decimal amount, string description = "callback test") =>
        from.Bank.Payments.CreateAsync(from.Bank.UserId, from.Account.Id,
            new NewPayment(BunqAmount.Of(amount, "EUR"), new BunqPointer { Type = "IBAN", Value = to.Account.Iban, Name = "Payee" }, description));

    public static Task SubscribeAsync(User user, Uri target, params string[] categories) =>
        BunqNotificationFilters.SetAsync(user.Bank.Connection, categories.Select(c => new BunqNotificationFilter(c, target)));
}

internal sealed record User(Bank Bank, MonetaryAccountBank Account) : IAsyncDisposable
{
    public long Id => Bank.UserId;

    public ValueTask DisposeAsync() => Bank.DisposeAsync();
}
