using Bunq.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bunq.EndToEnd.Tests;

/// <summary>The generated [BunqClient] over TLS against the emulator, without and with dependency injection.</summary>
public class GeneratedClientTests
{
    [Fact]
    public async Task ConnectAsync_bootstraps_and_the_generated_endpoints_work_signed_and_verified()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = await CreateSandboxUserAsync(bunq);

        await using Bank bank = await Bank.ConnectAsync(Options(bunq, apiKey));
        long accountId = (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.Single().Id;
        await bank.Payments.RequestAsync(bank.UserId, accountId, new NewRequestInquiry(BunqAmount.Of(50, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com" }, "top up", false));
        BunqId paid = await bank.Payments.CreateAsync(bank.UserId, accountId, new NewPayment(BunqAmount.Of(20, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "Sugar Daddy" }, "test"));
        BunqList<Payment> payments = await bank.Payments.ListAsync(bank.UserId, accountId, count: 1);

        Assert.True(paid.Id > 0);
        Assert.Equal(-20m, Assert.Single(payments.Items).Amount.ToDecimal());
        Assert.NotNull(payments.Pagination.OlderId);
        Assert.Equal(["POST /v1/installation", "POST /v1/device-server", "POST /v1/session-server"],
            bunq.Requests.Skip(1).Take(3).Select(r => r.Method + " " + r.Path));
        Assert.All(bunq.Requests.Skip(2), r => Assert.True(r.Signed, r.Path));
        Assert.Contains(Bank.Manifest.Entries, e => e.InterfaceType == typeof(IPayments) && e.MethodName == "CreateAsync" && e.Signed);
    }

    /// <remarks>
    /// The runtime reads an answer's item whatever bunq names its wrapper (<c>ScheduledPayment</c> here; the emulator's
    /// tests hold that name), so the wrapper fact changes nothing on this side; the answer fact does: the PUT answers the
    /// whole object, which this client reads, and the catalogue analyzer checks <see cref="ScheduledPayment"/>'s
    /// properties against that object (SchedulePaymentRead) rather than an <c>Id</c>.
    /// </remarks>
    [Fact]
    public async Task A_scheduled_payment_reads_and_updates_through_the_generated_client_as_bunqs_ScheduledPayment()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        await using Bank bank = await Bank.ConnectAsync(Options(bunq, await CreateSandboxUserAsync(bunq)));
        long accountId = (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.Single().Id;
        var sugarDaddy = new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "Sugar Daddy" };
        BunqId made = await bank.Schedules.CreateAsync(bank.UserId, accountId, new NewSchedulePayment(
            new NewPayment(BunqAmount.Of(5, "EUR"), sugarDaddy, "rent"), new PaymentSchedule("2099-01-01 09:00:00", "MONTHLY", 1)));

        ScheduledPayment changed = await bank.Schedules.UpdateAsync(bank.UserId, accountId, made.Id,
            new NewSchedulePayment(new NewPayment(BunqAmount.Of(7, "EUR"), sugarDaddy, "more rent"), Schedule: null));
        ScheduledPayment read = await bank.Schedules.GetAsync(bank.UserId, accountId, made.Id);
        BunqList<ScheduledPayment> listed = await bank.Schedules.ListAsync(bank.UserId, accountId);

        Assert.Equal((7m, "more rent", "ACTIVE"), (changed.Payment.Amount.ToDecimal(), changed.Payment.Description, changed.Status));
        Assert.Equal(new PaymentSchedule("2099-01-01 09:00:00.000000", "MONTHLY", 1), read.Schedule);
        Assert.Equal(7m, Assert.Single(listed.Items).Payment.Amount.ToDecimal());
    }

    [Fact]
    public async Task A_tampered_response_through_the_generated_client_is_a_signature_exception()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        await using Bank bank = await Bank.ConnectAsync(Options(bunq, await CreateSandboxUserAsync(bunq)));
        bunq.Faults.Inject(new BunqFault(BunqFaultKind.TamperBody));

        await Assert.ThrowsAsync<BunqSignatureException>(() => bank.Users.ListAsync());
    }

    [Fact]
    public async Task Dependency_injection_shares_one_context_and_pipeline_across_endpoints()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = await CreateSandboxUserAsync(bunq);
        var services = new ServiceCollection();
        services.AddBank(options => Configure(options, bunq, apiKey));
        await using ServiceProvider provider = services.BuildServiceProvider();

        UserPerson user = (await provider.GetRequiredService<IUsers>().ListAsync()).Items.Single();
        BunqList<MonetaryAccountBank> accounts = await provider.GetRequiredService<IMonetaryAccounts>().ListAsync(user.Id);

        Assert.Single(accounts.Items);
        Assert.Equal(1, bunq.Requests.Count(r => r.Path.EndsWith("/installation", StringComparison.Ordinal)));
        Assert.Equal(1, bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal)));
        Assert.All(bunq.Requests.Skip(2), r => Assert.True(r.Signed, r.Path));
    }

    [Fact]
    public async Task Dependency_injection_keeps_certificate_pinning()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        var services = new ServiceCollection();
        services.AddBank(options =>
        {
            options.BaseAddress = bunq.BaseAddress;
            options.ApiKey = "sandbox_x";
            options.CertificatePins.Add("sha256/" + Convert.ToBase64String(new byte[32]));
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<BunqPinningException>(() => provider.GetRequiredService<IUsers>().ListAsync());
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public async Task Dependency_injection_refuses_an_http_base_address_with_a_clear_message()
    {
        var services = new ServiceCollection();
        services.AddBank(options =>
        {
            options.BaseAddress = new Uri("http://api.bunq.com/v1/");
            options.ApiKey = "sandbox_x";
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get("Bunq.EndToEnd.Tests.Bank"));
        Assert.Contains("HTTPS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_without_an_api_key_is_a_configuration_error()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });

        await Assert.ThrowsAsync<BunqConfigurationException>(() => Bank.ConnectAsync(Options(bunq, apiKey: null)));
        Assert.Empty(bunq.Requests);
    }

    internal static BunqOptions Options(BunqEmulator bunq, string? apiKey)
    {
        var options = new BunqOptions();
        Configure(options, bunq, apiKey);
        return options;
    }

    internal static void Configure(BunqOptions options, BunqEmulator bunq, string? apiKey)
    {
        options.BaseAddress = bunq.BaseAddress;
        options.CertificatePins.Add(bunq.Pin);
        options.ApiKey = apiKey;
    }

    internal static async Task<string> CreateSandboxUserAsync(BunqEmulator bunq)
    {
        using var context = new ManualContext(bunq);
        return await context.CreateSandboxUserAsync();
    }
}
