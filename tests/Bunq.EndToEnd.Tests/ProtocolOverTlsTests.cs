using System.Net;
using Bunq.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.EndToEnd.Tests;

/// <summary>The signing core against the emulator over HTTPS on loopback, by hand-written calls.</summary>
public class ProtocolOverTlsTests
{
    private static readonly BunqEmulatorOptions Fast = new() { EnforceRateLimits = false };

    [Fact]
    public async Task Context_creation_then_a_signed_payment_is_accepted_and_moves_money()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);

        await context.CreateSandboxUserAsync();
        Assert.StartsWith("sandbox_", context.ApiKey, StringComparison.Ordinal);
        await context.InstallAsync();
        await context.RegisterDeviceAsync();
        BunqUserSummary user = await context.OpenSessionAsync();
        Assert.Equal(604_800, user.SessionTimeout);

        MonetaryAccountBank account = (await ListAccountsAsync(context)).Items.Single();
        await TopUpAsync(context, account.Id, 100m);
        using (HttpResponseMessage paid = await context.Client.PostAsync(
            $"user/{context.UserId}/monetary-account/{account.Id}/payment",
            ManualContext.Body(new NewPayment(BunqAmount.Of(12.5m, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "Sugar Daddy" }, "lunch"))))
        {
            Assert.True((await ManualContext.ReadAsync<BunqId>(paid)).Id > 0);
        }

        Assert.Equal(87.50m, (await ListAccountsAsync(context)).Items.Single().Balance.ToDecimal());
        EmulatorRequest payment = bunq.Requests.Single(r => r.Method == "POST" && r.Path.EndsWith("/payment", StringComparison.Ordinal));
        Assert.True(payment.Signed);
        Assert.Equal(200, payment.Status);
        Assert.All(bunq.Requests.Where(r => !r.Path.EndsWith("/installation", StringComparison.Ordinal) && !r.Path.EndsWith("sandbox-user-person", StringComparison.Ordinal)),
            r => Assert.True(r.Signed, r.Path));
    }

    [Theory]
    [InlineData(BunqFaultKind.TamperBody, "does not match")]
    [InlineData(BunqFaultKind.TruncateBody, "does not match")]
    [InlineData(BunqFaultKind.ForeignSignature, "does not match")]
    [InlineData(BunqFaultKind.DropSignature, "no X-Bunq-Server-Signature")]
    public async Task A_response_failing_verification_is_rejected_and_its_body_discarded(BunqFaultKind fault, string expected)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        await context.CreateAllAsync();
        bunq.Faults.Inject(new BunqFault(fault, PathContains: "monetary-account-bank"));

        var e = await Assert.ThrowsAsync<BunqSignatureException>(() => ListAccountsAsync(context));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(200, e.StatusCode);
        Assert.NotNull(e.ResponseId);
        Assert.Single((await ListAccountsAsync(context)).Items); // the next, untouched response passes
    }

    [Fact]
    public async Task An_unsigned_payment_is_answered_466()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        await context.CreateAllAsync();
        long accountId = (await ListAccountsAsync(context)).Items.Single().Id;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"user/{context.UserId}/monetary-account/{accountId}/payment")
        {
            Content = ManualContext.Body(new NewPayment(BunqAmount.Of(1, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com" }, "unsigned")),
        };
        request.Options.Set(BunqRequestOptions.Signed, false);

        var e = await Assert.ThrowsAsync<BunqApiException>(() => context.Client.SendAsync(request));

        Assert.Equal(466, e.StatusCode);
        Assert.Contains("signature is required", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsSignatureVerified);
        Assert.False(bunq.Requests[^1].Signed);
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_answered_invalid_signature()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        await context.CreateAllAsync();
        var options = new BunqOptions { BaseAddress = bunq.BaseAddress };
        options.CertificatePins.Add(bunq.Pin);
        // A "proxy" between the signer and the wire that rewrites the body.
        var tamper = new BodyRewriter(new BunqPinnedTransport(options.ResolvePins()));
        using var client = new HttpClient(BunqHttp.CreatePipeline(options, context, transport: tamper)) { BaseAddress = bunq.BaseAddress };

        var e = await Assert.ThrowsAsync<BunqApiException>(() =>
            client.PostAsync($"user/{context.UserId}/monetary-account-bank", ManualContext.Body(new { currency = "EUR", description = "x" })));

        Assert.Equal(400, e.StatusCode);
        Assert.Equal("The request signature is invalid.", Assert.Single(e.Errors));
    }

    [Fact]
    public async Task A_session_used_from_an_ip_outside_permitted_ips_is_refused()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        await context.CreateAllAsync("127.0.0.1");
        using var elsewhere = new ManualContext(bunq, IPAddress.Parse("127.0.0.2"));
        elsewhere.SessionToken = context.SessionToken;
        elsewhere.ServerKey = BunqServerPublicKey.FromPem(bunq.ServerPublicKeyPem);

        var e = await Assert.ThrowsAsync<BunqApiException>(() => elsewhere.Client.GetAsync("user"));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("Incorrect API key or IP address", e.Message, StringComparison.Ordinal);
        Assert.Equal("127.0.0.2", bunq.Requests[^1].Ip);
        using HttpResponseMessage fromAllowed = await context.Client.GetAsync("user");
        Assert.True(fromAllowed.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_device_whose_permitted_ips_omit_the_caller_is_refused()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        await context.CreateSandboxUserAsync();
        await context.InstallAsync();

        var e = await Assert.ThrowsAsync<BunqApiException>(() => context.RegisterDeviceAsync("192.0.2.10"));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("Incorrect API key or IP address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_session_is_refused_as_insufficient_authentication()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = time, SessionTimeoutSeconds = 60 });
        using var context = new ManualContext(bunq);
        await context.CreateAllAsync();
        using (HttpResponseMessage fresh = await context.Client.GetAsync("user"))
        {
            Assert.True(fresh.IsSuccessStatusCode);
        }

        time.Advance(TimeSpan.FromSeconds(61));
        var e = await Assert.ThrowsAsync<BunqApiException>(() => context.Client.GetAsync("user"));

        Assert.Equal(401, e.StatusCode);
        Assert.True(e.IsSessionExpired);
    }

    [Fact]
    public async Task A_fourth_get_within_three_seconds_is_a_typed_rate_limit_error()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { TimeProvider = time });
        using var context = new ManualContext(bunq);
        await context.CreateAllAsync();
        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage ok = await context.Client.GetAsync("user");
        }

        var e = await Assert.ThrowsAsync<BunqRateLimitException>(() => context.Client.GetAsync("user"));

        Assert.Equal(429, e.StatusCode);
        Assert.False(e.IsSignatureVerified); // bunq does not sign 429s
        Assert.Contains("maximum of 3 calls per 3 second", e.Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(3));
        using HttpResponseMessage after = await context.Client.GetAsync("user");
        Assert.True(after.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_wrong_pin_is_refused_before_any_request_reaches_the_server()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        var options = new BunqOptions { BaseAddress = bunq.BaseAddress };
        options.CertificatePins.Add("sha256/" + Convert.ToBase64String(new byte[32]));
        using var context = new ManualContext(bunq);
        using var client = new HttpClient(BunqHttp.CreatePipeline(options, context)) { BaseAddress = bunq.BaseAddress };

        var e = await Assert.ThrowsAsync<BunqPinningException>(() => client.PostAsync("sandbox-user-person", null));

        Assert.Equal("127.0.0.1", e.Host);
        Assert.Equal(bunq.Pin, e.PresentedPins[0]);
        Assert.Contains(bunq.Pin, e.Message, StringComparison.Ordinal);
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public async Task The_platform_trust_alone_refuses_the_self_signed_emulator()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        var options = new BunqOptions { BaseAddress = bunq.BaseAddress }; // no pins: system trust only
        using var context = new ManualContext(bunq);
        using var client = new HttpClient(BunqHttp.CreatePipeline(options, context)) { BaseAddress = bunq.BaseAddress };

        var e = await Assert.ThrowsAsync<BunqTransportException>(() => client.PostAsync("sandbox-user-person", null));
        Assert.False(e.IsTimeout);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Contains("POST /sandbox-user-person to 127.0.0.1 failed: TLS could not be set up", e.Message, StringComparison.Ordinal);
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public async Task A_reused_request_id_is_refused()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        int counter = 0;
        string fixedId = "fixed-id";
        using var context = new ManualContext(bunq, requestIds: () => counter++ < 4 ? Guid.NewGuid().ToString() : fixedId);
        await context.CreateAllAsync();
        using (HttpResponseMessage first = await context.Client.GetAsync("user"))
        {
            Assert.True(first.IsSuccessStatusCode);
        }

        var e = await Assert.ThrowsAsync<BunqApiException>(() => context.Client.GetAsync("user"));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("request id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_json_error_body_still_gives_a_readable_exception()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        await context.CreateAllAsync();
        bunq.Faults.Inject(new BunqFault(BunqFaultKind.ServiceUnavailable));

        var e = await Assert.ThrowsAsync<BunqApiException>(() => context.Client.GetAsync("user"));

        Assert.Equal(503, e.StatusCode);
        Assert.StartsWith("Non-JSON error body: <html>", Assert.Single(e.Errors), StringComparison.Ordinal);
        Assert.NotNull(e.ResponseId);
    }

    [Fact]
    public async Task Payments_list_pages_through_bunq_pagination()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        await context.CreateAllAsync();
        long accountId = (await ListAccountsAsync(context)).Items.Single().Id;
        for (int i = 0; i < 5; i++)
        {
            await TopUpAsync(context, accountId, 10m + i);
        }

        var seen = new List<decimal>();
        string next = $"user/{context.UserId}/monetary-account/{accountId}/payment?count=2";
        int pages = 0;
        while (true)
        {
            using HttpResponseMessage response = await context.Client.GetAsync(next);
            BunqList<Payment> page = await ManualContext.ReadAsync<BunqList<Payment>>(response);
            seen.AddRange(page.Items.Select(p => p.Amount.ToDecimal()));
            pages++;
            if (page.Pagination.OlderId is not { } older)
            {
                break;
            }

            Assert.Equal(2, page.Pagination.Count);
            next = $"user/{context.UserId}/monetary-account/{accountId}/payment?count=2&older_id={older}";
        }

        Assert.Equal(3, pages);
        Assert.Equal([14m, 13m, 12m, 11m, 10m], seen);
    }

    private static async Task<BunqList<MonetaryAccountBank>> ListAccountsAsync(ManualContext context)
    {
        using HttpResponseMessage response = await context.Client.GetAsync($"user/{context.UserId}/monetary-account-bank");
        return await ManualContext.ReadAsync<BunqList<MonetaryAccountBank>>(response);
    }

    private static async Task TopUpAsync(ManualContext context, long accountId, decimal amount)
    {
        using HttpResponseMessage response = await context.Client.PostAsync(
            $"user/{context.UserId}/monetary-account/{accountId}/request-inquiry",
            ManualContext.Body(new NewRequestInquiry(BunqAmount.Of(amount, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "Sugar Daddy" }, "top up", false)));
        Assert.True((await ManualContext.ReadAsync<BunqId>(response)).Id > 0);
    }

    /// <summary>Rewrites the request body after it was signed, as a tampering proxy would.</summary>
    private sealed class BodyRewriter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Content = new StringContent("{\"currency\":\"USD\",\"description\":\"x\"}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
