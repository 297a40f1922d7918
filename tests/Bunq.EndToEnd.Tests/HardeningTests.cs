using System.Net;
using System.Text;
using Bunq.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace Bunq.EndToEnd.Tests;

/// <summary>Attacks from the hardening pass, over TLS against the emulator.</summary>
public sealed class HardeningTests
{
    private static readonly BunqEmulatorOptions Fast = new() { EnforceRateLimits = false };

    [Fact]
    public async Task A_user_agent_carrying_a_header_of_its_own_is_refused_before_any_request_reaches_the_server()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        BunqOptions options = GeneratedClientTests.Options(bunq, bunq.CreateSandboxUser());
        options.UserAgent = "evil\r\nX-Injected: yes";

        var e = await Assert.ThrowsAsync<BunqConfigurationException>(() => Bank.ConnectAsync(options));

        Assert.Contains("BunqOptions.UserAgent", e.Message, StringComparison.Ordinal);
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public async Task A_forged_unsigned_401_after_a_payment_executed_neither_renews_the_session_nor_pays_twice()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        string apiKey = bunq.CreateSandboxUser();
        var attacker = new ForgedRefusals();
        var services = new ServiceCollection();
        services.AddBank(options => GeneratedClientTests.Configure(options, bunq, apiKey));
        // the client's own named HttpClient: added after bunq's handlers, so innermost, between our signing and TLS
        services.AddHttpClient("Bunq.EndToEnd.Tests.Bank").AddHttpMessageHandler(() => new ForgedRefusal(attacker));
        await using ServiceProvider provider = services.BuildServiceProvider();
        Bank bank = provider.GetRequiredService<Bank>();
        long user = await bank.Connection.GetUserIdAsync();
        long account = (await bank.MonetaryAccounts.ListAsync(user)).Items.Single().Id;
        await BunqSandbox.TopUpAsync(bank.Connection, account, 100m);
        attacker.Armed = true;

        var e = await Assert.ThrowsAsync<BunqApiException>(() => bank.Payments.CreateAsync(
            user, account, new NewPayment(BunqAmount.Of(12.50m, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "X" }, "once")));

        Assert.Equal(401, e.StatusCode);
        Assert.False(e.IsSignatureVerified);
        Assert.StartsWith("Unverified", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, bunq.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/payment", StringComparison.Ordinal)));
        Assert.Equal(1, bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal)));
        Assert.Equal(87.50m, (await bank.MonetaryAccounts.ListAsync(user)).Items.Single().Balance.ToDecimal()); // paid once
    }

    private sealed class ForgedRefusals
    {
        public volatile bool Armed;
    }

    /// <summary>
    /// A party on the path (a TLS-intercepting proxy the machine trusts, say): lets the payment through to bunq, then
    /// swaps bunq's signed answer for an unsigned "Insufficient authentication.".
    /// </summary>
    private sealed class ForgedRefusal(ForgedRefusals state) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage real = await base.SendAsync(request, cancellationToken);
            if (!state.Armed || request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith("/payment", StringComparison.Ordinal))
            {
                return real;
            }

            real.Dispose();
            return new HttpResponseMessage(HttpStatusCode.Unauthorized)
            {
                Content = new StringContent("""{"Error":[{"error_description":"Insufficient authentication."}]}""", Encoding.UTF8, "application/json"),
            };
        }
    }
}
