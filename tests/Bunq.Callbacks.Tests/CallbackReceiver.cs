using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Bunq.Callbacks.Tests;

/// <summary>
/// A real Kestrel HTTPS receiver on loopback with <c>MapBunqCallbacks("/hook", …)</c>; every callback its handler sees
/// is kept, and <see cref="Handler"/> decides what the handler does (throw for a 500).
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<BunqUnverifiedCallback> _handled = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CallbackReceiver(WebApplication app, X509Certificate2 certificate, Uri baseAddress)
    {
        _app = app;
        Certificate = certificate;
        BaseAddress = baseAddress;
    }

    public X509Certificate2 Certificate { get; }

    public Uri BaseAddress { get; }

    /// <summary>Where bunq's callbacks go: <c>https://127.0.0.1:PORT/hook</c>.</summary>
    public Uri Hook => new(BaseAddress, "hook");

    /// <summary>An endpoint that answers only when the receiver stops: a hostile, slow target.</summary>
    public Uri Slow => new(BaseAddress, "slow");

    /// <summary>Runs for every callback the endpoint hands over; the default accepts it.</summary>
    public Func<BunqUnverifiedCallback, Task> Handler { get; set; } = _ => Task.CompletedTask;

    /// <summary>The callbacks the handler accepted (it returned), in order.</summary>
    public IReadOnlyList<BunqUnverifiedCallback> Accepted => [.. _handled];

    /// <summary>How many times the handler ran (accepted or not).</summary>
    public int HandlerCalls => Volatile.Read(ref _calls);

    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    private int _calls;

    public static async Task<CallbackReceiver> StartAsync(Action<BunqCallbackOptions>? configure = null)
    {
        X509Certificate2 certificate = TestCertificate.Create();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddFakeLogging();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        WebApplication app = builder.Build();
        CallbackReceiver? receiver = null;
        app.MapBunqCallbacks("/hook", async (callback, _) =>
        {
            Interlocked.Increment(ref receiver!._calls);
            await receiver.Handler(callback);
            receiver._handled.Enqueue(callback);
        }, configure ?? (options => options.AllowedCallers.Add(IPNetwork.Parse("127.0.0.0/8"))));
        app.MapPost("/slow", (RequestDelegate)(context => receiver!._released.Task.WaitAsync(context.RequestAborted)));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new CallbackReceiver(app, certificate, new Uri(address.TrimEnd('/') + "/"));
        return receiver;
    }

    /// <summary>An HTTP client that trusts exactly this receiver's certificate.</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == Certificate.GetCertHashString() },
    })
    { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}
