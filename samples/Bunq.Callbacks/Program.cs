// The callbacks sample: a minimal API app that receives bunq's callbacks. It starts the embedded bunq emulator, registers
// a PAYMENT filter for two sandbox users pointing at its own HTTPS endpoint, pays from one to the other, and prints each
// callback as it arrives (unverified) and once it is confirmed through the signed API.
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bunq;
using Bunq.Callbacks;
using Bunq.Emulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

using X509Certificate2 certificate = SelfSignedForLoopback();
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning); // keep the output to the callbacks
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
WebApplication app = builder.Build();

var connections = new ConcurrentDictionary<long, BunqConnection>(); // monetary account id -> the connection of its owner
var confirmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
int remaining = 2;
app.MapBunqCallbacks("/bunq/callbacks", async (callback, cancellationToken) =>
{
    Console.WriteLine($"received  {callback.EventKey} (unverified)");
    if (!callback.TryGetObject(SampleJson.Default.Payment, out Payment? sent) || !connections.TryGetValue(sent!.MonetaryAccountId, out BunqConnection? owner))
    {
        return; // not ours to confirm
    }

    BunqEnvelopeItem signed = await callback.ConfirmAsync(owner, cancellationToken);
    Payment payment = signed.Value.Deserialize(SampleJson.Default.Payment)!;
    Console.WriteLine($"confirmed {callback.EventType}: payment {payment.Id}, {payment.Amount.Value} {payment.Amount.Currency}, \"{payment.Description}\"");
    if (Interlocked.Decrement(ref remaining) == 0)
    {
        confirmed.TrySetResult();
    }
}, options => options.AllowedCallers.Add(IPNetwork.Parse("127.0.0.0/8"))); // the emulator calls from loopback; production bunq from 185.40.108.0/22
await app.StartAsync();
var hook = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/bunq/callbacks");
Console.WriteLine($"Receiving bunq callbacks at {hook}");

// The emulator validates a callback target's certificate; ours is self-signed, so we name it (bunq-emulator --callback-ca FILE).
using X509Certificate2 publicPart = X509CertificateLoader.LoadCertificate(certificate.RawData);
await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { CallbackCertificateAuthority = publicPart });
await using Bank payer = await ConnectAsync(bunq);
await using Bank payee = await ConnectAsync(bunq);
MonetaryAccountBank from = await MainAccountAsync(payer), to = await MainAccountAsync(payee);
connections[from.Id] = payer.Connection;
connections[to.Id] = payee.Connection;
await BunqSandbox.TopUpAsync(payer.Connection, from.Id, 50m);

foreach (Bank bank in new[] { payer, payee })
{
    await BunqNotificationFilters.SetAsync(bank.Connection, [new BunqNotificationFilter("PAYMENT", hook)]);
}

Console.WriteLine("Registered a PAYMENT filter for both users; paying 12.50 EUR");
await payer.Payments.CreateAsync(payer.UserId, from.Id,
    new NewPayment(BunqAmount.Of(12.50m, "EUR"), new BunqPointer { Type = "IBAN", Value = to.Iban, Name = "Payee" }, "Callbacks sample"));
await confirmed.Task.WaitAsync(TimeSpan.FromSeconds(30));
Console.WriteLine("Done: both sides' callbacks received and confirmed.");
await app.StopAsync();
return 0;

static async Task<Bank> ConnectAsync(BunqEmulator bunq)
{
    var options = new BunqOptions { BaseAddress = bunq.BaseAddress, ApiKey = bunq.CreateSandboxUser(), JsonTypeInfoResolver = SampleJson.Default };
    options.CertificatePins.Add(bunq.Pin);
    return await Bank.ConnectAsync(options);
}

static async Task<MonetaryAccountBank> MainAccountAsync(Bank bank) =>
    (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.MinBy(a => a.Id)!;

// A certificate for https://127.0.0.1 that lives as long as the run; Kestrel wants its key from a PKCS#12 load.
static X509Certificate2 SelfSignedForLoopback()
{
    using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var request = new CertificateRequest("CN=bunq callbacks sample", key, HashAlgorithmName.SHA256);
    var names = new SubjectAlternativeNameBuilder();
    names.AddIpAddress(IPAddress.Loopback);
    request.CertificateExtensions.Add(names.Build());
    using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
}
