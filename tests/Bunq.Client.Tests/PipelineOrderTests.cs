using Microsoft.Extensions.DependencyInjection;

namespace Bunq.Client.Tests;

/// <summary>The handler order is written once; ConnectAsync's chain and the DI container's chain must both follow it.</summary>
public sealed class PipelineOrderTests
{
    private static readonly string[] Expected =
    [
        nameof(BunqCallHandler),
        nameof(BunqHeadersHandler),
        nameof(BunqResilienceHandler), // retries
        nameof(BunqAuthenticationHandler),
        nameof(BunqRateLimitHandler),
        nameof(BunqResilienceHandler), // attempt timeout
        nameof(BunqTelemetryHandler),
        nameof(BunqSigningHandler),
        nameof(BunqPinnedTransport),
    ];

    [Fact]
    public void Connect_and_dependency_injection_compose_the_same_chain()
    {
        BunqOptions options = Options();
        using HttpMessageHandler direct = BunqPipeline.Build(new BunqPipelineParts(options), new NoSessions(), BunqHttp.CreateTransport(options));

        var services = new ServiceCollection();
        services.AddBunqClient("bank", o => { o.BaseAddress = options.BaseAddress; o.ApiKey = "sandbox_key"; }, BunqEndpointManifest.Empty);
        using ServiceProvider provider = services.BuildServiceProvider();
        using HttpMessageHandler injected = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("bank");

        Assert.Equal(Expected, Chain(direct));
        Assert.Equal(Expected, Chain(injected));
    }

    [Fact]
    public void Every_chain_of_one_injected_client_shares_its_one_rate_limiter()
    {
        var services = new ServiceCollection();
        services.AddBunqClient("bank", o => { o.BaseAddress = Options().BaseAddress; o.ApiKey = "sandbox_key"; }, BunqEndpointManifest.Empty);
        using ServiceProvider provider = services.BuildServiceProvider();

        BunqPipelineParts first = provider.GetRequiredKeyedService<BunqPipelineParts>("bank");
        Assert.Same(first, provider.GetRequiredKeyedService<BunqPipelineParts>("bank"));
        Assert.Same(provider.GetRequiredKeyedService<BunqRateLimiter>("bank"), first.RateLimiter);
        Assert.False(first.OwnsRateLimiter); // the container disposes it, not a rotated handler chain
    }

    /// <summary>The bunq handlers (the resilience stages among them), outermost first; IHttpClientFactory's own wrappers left out.</summary>
    private static List<string> Chain(HttpMessageHandler handler)
    {
        var names = new List<string>();
        for (HttpMessageHandler? current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            Type type = current.GetType();
            if (type.Namespace == "Bunq")
            {
                names.Add(type.Name);
            }
        }

        return names;
    }

    private static BunqOptions Options() => new() { BaseAddress = new Uri("https://bunq.test/v1/") };

    private sealed class NoSessions : IBunqSessionProvider
    {
        public ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not called");
    }
}
