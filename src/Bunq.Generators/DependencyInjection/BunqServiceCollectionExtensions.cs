using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Refit;

namespace Bunq;

/// <summary>Dependency-injection registration; generated <c>AddXxx</c> methods call this.</summary>
public static class BunqServiceCollectionExtensions
{
    /// <summary>
    /// Registers a bunq client whose options come from <paramref name="configuration"/> (see
    /// <see cref="BunqConfigurationSection"/>), then <paramref name="configure"/>.
    /// </summary>
    public static BunqClientBuilder AddBunqClient(
        this IServiceCollection services, string name, IConfiguration configuration, BunqEndpointManifest manifest, Action<BunqOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddBunqClient(name, options =>
        {
            BunqConfigurationSection.Apply(configuration, options);
            configure?.Invoke(options);
        }, manifest);
    }

    /// <summary>
    /// Registers one bunq client named <paramref name="name"/>: its options, one API context and rate limiter, and one
    /// named <see cref="HttpClient"/> with bunq's handler pipeline (the same one <c>ConnectAsync</c> builds) that every
    /// endpoint interface added through the returned builder, and the context calls, share.
    /// </summary>
    public static BunqClientBuilder AddBunqClient(this IServiceCollection services, string name, Action<BunqOptions> configure, BunqEndpointManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(manifest);

        services.AddOptions<BunqOptions>(name)
            .Configure(configure)
            .PostConfigure<IServiceProvider>(static (options, provider) =>
            {
                // The container's logging and clock, unless the caller chose others.
                if (options.LoggerFactory == NullLoggerFactory.Instance && provider.GetService<ILoggerFactory>() is { } loggers)
                {
                    options.LoggerFactory = loggers;
                }

                if (options.TimeProvider == TimeProvider.System && provider.GetService<TimeProvider>() is { } time)
                {
                    options.TimeProvider = time;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BunqOptions>>(new BunqOptionsValidator(name));
        services.AddKeyedSingleton(name, (provider, _) =>
        {
            // The context calls go through this client's own named HttpClient: the same pipeline as every endpoint.
            IHttpClientFactory clients = provider.GetRequiredService<IHttpClientFactory>();
            return new BunqSessionManager(Options(provider, name), () => clients.CreateClient(name));
        });
        services.AddKeyedSingleton(name, (provider, _) =>
        {
            BunqOptions options = Options(provider, name);
            return new BunqRateLimiter(options.RateLimits, options.TimeProvider, options.ContextStore as IBunqSharedContextStore);
        });
        // One set of parts per client: IHttpClientFactory rotates handler chains, and every chain must share one limiter.
        services.AddKeyedSingleton(name, (provider, _) => new BunqPipelineParts(
            Options(provider, name), provider.GetRequiredKeyedService<BunqSessionManager>(name), manifest, provider.GetRequiredKeyedService<BunqRateLimiter>(name)));
        // One serializer per client: typed clients are transient, and a serializer per resolve would rebuild
        // System.Text.Json's metadata caches every time.
        services.AddKeyedSingleton(name, (provider, _) => BunqRefit.Settings(new BunqContentSerializer(Options(provider, name).JsonTypeInfoResolver)));

        var builder = new BunqClientBuilder(services, name, manifest);
        builder.HttpClient.ConfigureHttpClient((provider, client) =>
        {
            client.BaseAddress = builder.Options(provider).ResolveBaseAddress();
            client.Timeout = Timeout.InfiniteTimeSpan; // per attempt instead, so time queued for a permit does not count
        });
        BunqPipeline.AddTo(builder.HttpClient, provider => provider.GetRequiredKeyedService<BunqPipelineParts>(name));
        builder.UsePinnedTransport();
        return builder;
    }

    private static BunqOptions Options(IServiceProvider provider, string name) => provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get(name);
}
