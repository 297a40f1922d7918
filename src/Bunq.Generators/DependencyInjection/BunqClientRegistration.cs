using System.ComponentModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Refit;

namespace Bunq.Generated;

/// <summary>
/// The one registration path of a generated <c>AddXxx</c> for a <see cref="BunqClientAttribute"/> class: the client's
/// options, parts (one context, one rate limiter, one serializer and Refit settings) and named HttpClient with bunq's
/// handler chain; then the client class, its <see cref="BunqConnection"/> and every endpoint interface, each keyed by
/// the client type and forwarded unkeyed while only one client registers it. Several clients in one app (a personal and
/// a business account) never hand one another's endpoints out: a service two clients registered fails to resolve
/// unkeyed, naming both, instead of calling bunq with the other account's API key. For generated code; not meant to be
/// used directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BunqClientRegistration
{
    /// <summary>Registers a bunq client whose options come from <paramref name="configuration"/>, then <paramref name="configure"/>.</summary>
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
    /// named <see cref="HttpClient"/> with bunq's handler pipeline (the same one <c>ConnectAsync</c> builds).
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
            BunqOptions options = Options(provider, name);
            return new BunqRateLimiter(options.RateLimits, options.TimeProvider, options.ContextStore as IBunqSharedContextStore);
        });
        // One set of parts per client: IHttpClientFactory rotates handler chains, and every chain must share one limiter
        // (and one serializer: typed clients are transient, and a serializer per resolve would rebuild System.Text.Json's
        // metadata caches every time).
        services.AddKeyedSingleton(name, (provider, _) => new BunqPipelineParts(Options(provider, name), manifest, provider.GetRequiredKeyedService<BunqRateLimiter>(name)));
        services.AddKeyedSingleton(name, (provider, _) => provider.GetRequiredKeyedService<BunqPipelineParts>(name).RefitSettings);
        // One transport (connection pool, pin check) per client: the factory's rotating chains get views of it, and the
        // context calls use it too, through the session manager's own chains.
        services.AddKeyedSingleton(name, (provider, _) => BunqHttp.CreateTransport(provider.GetRequiredKeyedService<BunqPipelineParts>(name).Settings));
        services.AddKeyedSingleton(name, (provider, _) => new BunqSessionManager(
            provider.GetRequiredKeyedService<BunqPipelineParts>(name), provider.GetRequiredKeyedService<BunqPinnedTransport>(name)));

        var builder = new BunqClientBuilder(services, name, manifest);
        builder.HttpClient.ConfigureHttpClient((provider, client) =>
        {
            // per attempt instead of HttpClient's timeout, so time queued for a permit does not count; the standard headers as defaults
            BunqPipelineParts parts = provider.GetRequiredKeyedService<BunqPipelineParts>(name);
            BunqHttp.Configure(client, parts.BaseAddress, parts.Options);
        });
        BunqPipeline.AddTo(
            builder.HttpClient,
            provider => provider.GetRequiredKeyedService<BunqPipelineParts>(name),
            provider => provider.GetRequiredKeyedService<BunqSessionManager>(name));
        builder.HttpClient.ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredKeyedService<BunqPinnedTransport>(name).Share());
        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="TClient"/> as a singleton over a <see cref="BunqConnection"/> on the builder's
    /// pipeline; the connection is keyed by <c>typeof(TClient)</c>, and forwarded unkeyed while only one client registers one.
    /// </summary>
    /// <param name="builder">The client's registration.</param>
    /// <param name="create">Makes the client from its connection (the generated constructor).</param>
    public static BunqClientBuilder AddClient<TClient>(this BunqClientBuilder builder, Func<BunqConnection, TClient> create)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(create);
        Type key = typeof(TClient);
        string name = builder.Name;
        builder.Services.AddKeyedSingleton(key, (provider, _) => BunqConnection.FromContainer(provider, name));
        builder.Services.AddSingleton(provider => create(provider.GetRequiredKeyedService<BunqConnection>(key)));
        BunqServiceOwners.Of(builder.Services).Forward<BunqConnection>(builder.Services, key, "the client's Connection", ServiceLifetime.Singleton);
        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="TEndpoint"/> keyed by <c>typeof(TClient)</c> as a Refit generated client on the
    /// builder's pipeline, and forwarded unkeyed while no other client registers it.
    /// </summary>
    /// <param name="builder">The client's registration.</param>
    public static BunqClientBuilder AddEndpoint<TEndpoint, TClient>(this BunqClientBuilder builder)
        where TEndpoint : class
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        string name = builder.Name;
        builder.Services.AddKeyedTransient(typeof(TClient), (provider, _) => RestService.ForGenerated<TEndpoint>(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(name),
            provider.GetRequiredKeyedService<RefitSettings>(name)));
        BunqServiceOwners.Of(builder.Services).Forward<TEndpoint>(builder.Services, typeof(TClient), "the client's property", ServiceLifetime.Transient);
        return builder;
    }

    private static BunqOptions Options(IServiceProvider provider, string name) => provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get(name);
}
