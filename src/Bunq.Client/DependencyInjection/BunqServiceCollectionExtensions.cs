using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
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
    /// Registers one bunq client named <paramref name="name"/>: its options, one <see cref="BunqSessionManager"/>
    /// (keyed by the name), and one named <see cref="HttpClient"/> pipeline (headers → authentication → signing →
    /// pinned transport) that every endpoint interface added through the returned builder shares.
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
            BunqOptions options = provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get(name);
            return new BunqContextTransport(options);
        });
        services.AddKeyedSingleton(name, (provider, _) =>
        {
            BunqOptions options = provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get(name);
            return new BunqSessionManager(options, provider.GetRequiredKeyedService<BunqContextTransport>(name).Handler);
        });
        services.AddKeyedSingleton(name, (provider, _) =>
        {
            BunqOptions options = provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get(name);
            return new BunqRateLimiter(options.RateLimits, options.TimeProvider);
        });
        // One serializer per client: typed clients are transient, and a serializer per resolve would rebuild
        // System.Text.Json's metadata caches every time.
        services.AddKeyedSingleton(name, (provider, _) =>
            BunqRefit.Settings(new BunqContentSerializer(provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get(name).JsonTypeInfoResolver)));

        var builder = new BunqClientBuilder(services, name, manifest);
        builder.HttpClient
            .ConfigureHttpClient((provider, client) =>
            {
                client.BaseAddress = builder.Options(provider).ResolveBaseAddress();
                client.Timeout = Timeout.InfiniteTimeSpan; // per attempt instead, so time queued for a permit does not count
            })
            .AddHttpMessageHandler(provider => new BunqHeadersHandler(builder.Options(provider)));
        builder.HttpClient
            .AddResilienceHandler(name, (pipeline, context) =>
            {
                BunqOptions options = builder.Options(context.ServiceProvider);
                BunqResilience.Configure(pipeline, options.Retry, options.RateLimits);
            });
        builder.HttpClient
            .AddHttpMessageHandler(provider => new BunqAuthenticationHandler(provider.GetRequiredKeyedService<BunqSessionManager>(name)))
            .AddHttpMessageHandler(provider => new BunqRateLimitHandler(provider.GetRequiredKeyedService<BunqRateLimiter>(name)));
        builder.HttpClient
            .AddResilienceHandler(name + ".attempt", (pipeline, context) => BunqResilience.ConfigureAttempt(pipeline, builder.Options(context.ServiceProvider).Retry));
        builder.HttpClient
            .AddHttpMessageHandler(provider =>
            {
                BunqOptions options = builder.Options(provider);
                return new BunqSigningHandler(manifest, options.RequestIdFactory, options.LoggerFactory.CreateLogger(BunqHttp.LogCategory), options.MaxResponseBodyBytes);
            });
        builder.UsePinnedTransport();
        return builder;
    }
}

/// <summary>Adds endpoint interfaces to a bunq client registered with <c>AddBunqClient</c>.</summary>
public sealed class BunqClientBuilder
{
    internal BunqClientBuilder(IServiceCollection services, string name, BunqEndpointManifest manifest)
    {
        Services = services;
        Name = name;
        Manifest = manifest;
        HttpClient = services.AddHttpClient(name);
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The client's name: options name, session-manager key and HttpClient name.</summary>
    public string Name { get; }

    /// <summary>The client's endpoint manifest.</summary>
    public BunqEndpointManifest Manifest { get; }

    /// <summary>The named HttpClient every endpoint shares; add resilience handlers here (they run outside signing).</summary>
    public IHttpClientBuilder HttpClient { get; }

    /// <summary>Registers <typeparamref name="T"/> as a Refit generated client on the shared pipeline.</summary>
    public BunqClientBuilder AddEndpoint<T>()
        where T : class
    {
        Services.AddRefitGeneratedClient<T>(
            provider => provider.GetRequiredKeyedService<RefitSettings>(Name), Name);
        // Refit configures its own primary handler for the name; ours must be the last word, or pinning is lost.
        UsePinnedTransport();
        return this;
    }

    internal BunqOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get(Name);

    internal void UsePinnedTransport() =>
        HttpClient.ConfigurePrimaryHttpMessageHandler(provider => BunqHttp.CreateTransport(Options(provider)));
}

/// <summary>The transport the session manager's context calls use, owned (and disposed) by the container.</summary>
internal sealed class BunqContextTransport(BunqOptions options) : IDisposable
{
    public HttpMessageHandler Handler { get; } = BunqHttp.CreateTransport(options);

    public void Dispose() => Handler.Dispose();
}

/// <summary>Checks bunq options when they are first used: an http:// address, malformed pins, a response cap out of range.</summary>
internal sealed class BunqOptionsValidator(string name) : IValidateOptions<BunqOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, BunqOptions options)
    {
        if (optionsName != name)
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            options.ResolveBaseAddress();
            options.ResolvePins();
            BunqOptions.CheckMaxResponseBodyBytes(options.MaxResponseBodyBytes);
            return string.IsNullOrEmpty(options.ApiKey) && options.Psd2Certificate is null && options.ContextStore is null
                ? ValidateOptionsResult.Fail($"bunq client '{name}': set ApiKey (Bunq:ApiKey) or Psd2Certificate to create a context, or a ContextStore (Bunq:ContextFile) holding one.")
                : ValidateOptionsResult.Success;
        }
        catch (BunqConfigurationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
