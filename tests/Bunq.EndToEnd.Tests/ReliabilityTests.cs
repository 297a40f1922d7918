using System.Diagnostics;
using System.Text;
using Bunq.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Refit;
using Xunit.Abstractions;

namespace Bunq.EndToEnd.Tests;

[BunqEndpoint, Signed]
public interface IRequests
{
    [Post("/user/{userId}/monetary-account/{accountId}/request-inquiry")]
    Task<BunqId> RequestAsync(long userId, long accountId, [Body] NewRequestInquiry request, CancellationToken cancellationToken = default);
}

[BunqEndpoint, Signed]
internal interface IPermittedIps
{
    [Get("/user/{userId}/credential-password-ip")]
    Task<BunqList<BunqCredentialPasswordIp>> CredentialsAsync(long userId, CancellationToken cancellationToken = default);

    [Post("/user/{userId}/credential-password-ip/{credentialId}/ip")]
    Task<BunqId> AddAsync(long userId, long credentialId, [Body] IpStatus ip, CancellationToken cancellationToken = default);

    [Put("/user/{userId}/credential-password-ip/{credentialId}/ip/{ipId}")]
    Task<BunqId> SetStatusAsync(long userId, long credentialId, long ipId, [Body] IpStatus status, CancellationToken cancellationToken = default);
}

public sealed record IpStatus(string? Ip, string Status);

/// <summary>The reliability suite: limits, faults, tampering and secrets, against the emulator over TLS.</summary>
public class ReliabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_burst_of_1000_calls_across_endpoint_classes_meets_no_429()
    {
        var time = new ScaledTimeProvider(factor: 20);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { TimeProvider = time });
        BunqOptions options = GeneratedClientTests.Options(bunq, bunq.CreateSandboxUser());
        options.TimeProvider = time;
        await using Bank bank = await Bank.ConnectAsync(options);
        long user = bank.UserId;
        long account = (await bank.MonetaryAccounts.ListAsync(user)).Items.Single().Id;
        IRequests requests = bank.Connection.CreateClient<IRequests>();
        IPermittedIps ips = bank.Connection.CreateClient<IPermittedIps>();
        long credential = (await ips.CredentialsAsync(user)).Items.Single().Id;
        long ip = (await ips.AddAsync(user, credential, new IpStatus("192.0.2.7", "ACTIVE"))).Id;
        int before = bunq.Requests.Count;
        var clock = Stopwatch.StartNew();

        var calls = new List<Task>();
        calls.AddRange(Enumerable.Range(0, 300).Select(_ => (Task)bank.Users.ListAsync()));
        calls.AddRange(Enumerable.Range(0, 300).Select(_ => (Task)bank.MonetaryAccounts.ListAsync(user)));
        calls.AddRange(Enumerable.Range(0, 300).Select(i => (Task)requests.RequestAsync(user, account,
            new NewRequestInquiry(BunqAmount.Of(1, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com" }, "burst " + i, false))));
        calls.AddRange(Enumerable.Range(0, 100).Select(i => (Task)ips.SetStatusAsync(user, credential, ip, new IpStatus(null, i % 2 == 0 ? "INACTIVE" : "ACTIVE"))));
        await Task.WhenAll(calls); // throws if any call surfaced an error, a 429 included

        var burst = bunq.Requests.Skip(before).ToList();
        int tooMany = burst.Count(r => r.Status == 429);
        output.WriteLine($"1000 calls in {clock.Elapsed.TotalSeconds:0.0} s real ({clock.Elapsed.TotalSeconds * time.Factor:0} s bunq time); {burst.Count} requests reached the emulator, {tooMany} answered 429 (retried)");
        Assert.Equal(1000, burst.Count(r => r.Status == 200));
        Assert.Equal(300m, (await bank.MonetaryAccounts.ListAsync(user)).Items.Single().Balance.ToDecimal());
    }

    [Fact]
    public async Task Under_random_429_and_5xx_every_idempotent_call_succeeds_and_no_post_is_sent_twice()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        BunqOptions options = GeneratedClientTests.Options(bunq, bunq.CreateSandboxUser());
        options.RateLimits = BunqRateLimits.None;
        options.Retry = new BunqRetryOptions { MaxRetryAttempts = 10, BaseDelay = TimeSpan.FromMilliseconds(1), RateLimitDelay = TimeSpan.FromMilliseconds(1) };
        await using Bank bank = await Bank.ConnectAsync(options);
        long account = (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.Single().Id;
        await BunqSandbox.TopUpAsync(bank.Connection, account, 500m);
        int before = bunq.Requests.Count;
        bunq.Faults.InjectRandomly(0.3, seed: 20261128, BunqFaultKind.RateLimited, BunqFaultKind.ServerError, BunqFaultKind.ServiceUnavailable);

        for (int i = 0; i < 100; i++)
        {
            Assert.Single((await bank.Users.ListAsync()).Items);
        }

        int paid = 0, refused = 0;
        for (int i = 0; i < 60; i++)
        {
            try
            {
                await bank.Payments.CreateAsync(bank.UserId, account, new NewPayment(BunqAmount.Of(1, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "X" }, "payment " + i));
                paid++;
            }
            catch (BunqApiException e) when (e.StatusCode >= 500)
            {
                refused++; // outcome unknown to the caller: it must decide, we must not resend
            }
        }

        bunq.Faults.Clear();
        var posts = bunq.Requests.Skip(before).Where(r => r.Method == "POST" && r.Path.EndsWith("/payment", StringComparison.Ordinal)).ToList();
        var perPayment = posts.GroupBy(r => r.BodyDigest).ToList();
        output.WriteLine($"GET: 100 of 100 succeeded after {bunq.Requests.Skip(before).Count(r => r.Method == "GET" && r.Status != 200)} injected failures; POST: {paid} paid, {refused} surfaced as 5xx, {posts.Count(r => r.Status == 429)} retried after 429");
        Assert.Equal(60, perPayment.Count);
        Assert.All(perPayment, attempts => Assert.True(attempts.Count(r => r.Status != 429) <= 1, "a payment POST was sent again after the bank may have processed it"));
        Assert.Equal(paid, posts.Count(r => r.Status == 200));
        Assert.True(refused > 0 && paid > 0 && posts.Any(r => r.Status == 429), "the seed must exercise each case");
    }

    [Theory]
    [InlineData(BunqFaultKind.TamperBody)]
    [InlineData(BunqFaultKind.DropSignature)]
    [InlineData(BunqFaultKind.ForeignSignature)]
    [InlineData(BunqFaultKind.TruncateBody)]
    public async Task Every_tampering_mode_is_rejected_typed_and_no_data_reaches_the_caller(BunqFaultKind fault)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        await using Bank bank = await Bank.ConnectAsync(GeneratedClientTests.Options(bunq, bunq.CreateSandboxUser()));
        bunq.Faults.Inject(new BunqFault(fault, PathContains: "monetary-account-bank"));
        BunqList<MonetaryAccountBank>? leaked = null;

        var e = await Assert.ThrowsAsync<BunqSignatureException>(async () => leaked = await bank.MonetaryAccounts.ListAsync(bank.UserId));

        Assert.Null(leaked);
        Assert.Equal(200, e.StatusCode);
        Assert.Equal(1, bunq.Requests.Count(r => r.Path.EndsWith("monetary-account-bank", StringComparison.Ordinal))); // not retried
    }

    [Fact]
    public async Task Logs_and_exception_messages_of_a_full_run_hold_no_secret()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = bunq.CreateSandboxUser();
        var collector = new FakeLogCollector();
        var recorder = new SecretRecorder();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        services.AddBank(options =>
        {
            GeneratedClientTests.Configure(options, bunq, apiKey);
            // Scaled 60 times, the default 100 s attempt timeout and 2 min total bound would be under 2 s of real time,
            // which the first call (key generation, three context calls) can exceed on a loaded machine.
            options.Retry = new BunqRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), RateLimitDelay = TimeSpan.FromMilliseconds(1), AttemptTimeout = TimeSpan.FromHours(1), TotalTimeout = TimeSpan.FromHours(1) };
            options.TimeProvider = new ScaledTimeProvider(factor: 60); // the renewal's 30 s session-server window passes in 0.5 s
        });
        services.AddHttpClient("Bunq.EndToEnd.Tests.Bank").AddHttpMessageHandler(() => recorder); // between signing and TLS
        await using ServiceProvider provider = services.BuildServiceProvider();
        var messages = new List<string>();

        UserPerson user = (await provider.GetRequiredService<IUsers>().ListAsync()).Items.Single();
        long account = (await provider.GetRequiredService<IMonetaryAccounts>().ListAsync(user.Id)).Items.Single().Id;
        await provider.GetRequiredService<IPayments>().RequestAsync(user.Id, account, new NewRequestInquiry(BunqAmount.Of(50, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com" }, "top up", false));
        await provider.GetRequiredService<IPayments>().CreateAsync(user.Id, account, new NewPayment(BunqAmount.Of(5, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "X" }, "pay"));
        await provider.GetRequiredService<IPayments>().ListAsync(user.Id, account, count: 1);
        bunq.Faults.Inject(new BunqFault(BunqFaultKind.RateLimited)); // retried
        await provider.GetRequiredService<IUsers>().ListAsync();
        bunq.EndAllSessions(); // renewed
        await Record(messages, () => provider.GetRequiredService<IUsers>().ListAsync());
        foreach (BunqFaultKind fault in new[] { BunqFaultKind.TamperBody, BunqFaultKind.DropSignature, BunqFaultKind.ForeignSignature })
        {
            bunq.Faults.Inject(new BunqFault(fault));
            await Record(messages, () => provider.GetRequiredService<IUsers>().ListAsync());
        }

        bunq.Faults.Inject(new BunqFault(BunqFaultKind.ServiceUnavailable));
        await Record(messages, () => provider.GetRequiredService<IPayments>().CreateAsync(user.Id, account, new NewPayment(BunqAmount.Of(1, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com" }, "fails")));
        await Record(messages, () => provider.GetRequiredService<IPayments>().CreateAsync(user.Id, account, new NewPayment(BunqAmount.Of(10_000, "EUR"), new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com" }, "too much")));

        BunqApiContext context = provider.GetRequiredKeyedService<BunqSessionManager>("Bunq.EndToEnd.Tests.Bank").Current!;
        var secrets = new List<string> { apiKey, context.InstallationToken.Reveal(), context.Session!.Token.Reveal() };
        secrets.AddRange(recorder.Tokens);
        secrets.AddRange(recorder.Signatures);
        secrets.AddRange(context.ClientKey.ExportPkcs8Pem().Split('\n').Where(line => line.Length == 64)); // the key's base64 lines
        var texts = collector.GetSnapshot().Select(l => l.Message + " " + l.Exception).Concat(messages).Append(context.ToString()).ToList();
        output.WriteLine($"{collector.Count} log records and {messages.Count} exception texts checked against {secrets.Distinct().Count()} secrets");

        Assert.True(recorder.Signatures.Count > 10 && recorder.Tokens.Count >= 2 && messages.Count >= 5);
        Assert.All(texts, text => Assert.All(secrets.Distinct(), secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal)));
    }

    private static async Task Record<T>(List<string> messages, Func<Task<T>> call)
    {
        try
        {
            await call();
        }
        catch (Exception e)
        {
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            {
                messages.Add(inner.GetType().Name + ": " + inner.Message);
            }

            messages.Add(e.ToString());
        }
    }

    /// <summary>Sees every request and response on the wire; keeps the tokens and signature values it saw.</summary>
    private sealed class SecretRecorder : DelegatingHandler
    {
        private readonly object _gate = new();

        public List<string> Tokens { get; } = [];

        public List<string> Signatures { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Keep(Tokens, request.Headers, BunqHeaders.Authentication);
            Keep(Signatures, request.Headers, BunqHeaders.ClientSignature);
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            Keep(Signatures, response.Headers, BunqHeaders.ServerSignature);
            return response;
        }

        private void Keep(List<string> into, System.Net.Http.Headers.HttpHeaders headers, string name)
        {
            if (headers.TryGetValues(name, out var values))
            {
                lock (_gate)
                {
                    into.AddRange(values.Where(v => !into.Contains(v)));
                }
            }
        }
    }
}
