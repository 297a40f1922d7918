using Aspire.Hosting.ApplicationModel;
using Bunq.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// <c>builder.AddBunqEmulator("bunq")</c> in an Aspire app host, and <c>project.WithReference(bunq)</c> to hand the
/// emulator's base address, certificate pin and a sandbox user's API key to a project that uses Bunq.Generators.
/// </summary>
public static class BunqEmulatorBuilderExtensions
{
    /// <summary>
    /// Adds the offline bunq emulator, run inside the app host: HTTPS on 127.0.0.1, bunq's signatures, sessions and
    /// sandbox users, no network and no bunq account. It starts with the app host and stops with it.
    /// </summary>
    /// <param name="builder">The app host's builder.</param>
    /// <param name="name">The resource name, also the connection string's name (<c>ConnectionStrings:{name}</c>).</param>
    /// <param name="configure">Changes the emulator's options (a fixed <see cref="BunqEmulatorOptions.Port"/>, bunq's rate limits, …).</param>
    /// <returns>The resource, to reference from projects.</returns>
    public static IResourceBuilder<BunqEmulatorResource> AddBunqEmulator(this IDistributedApplicationBuilder builder, [ResourceName] string name, Action<BunqEmulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new BunqEmulatorOptions();
        configure?.Invoke(options);
        var resource = new BunqEmulatorResource(name, options);
        builder.Services.AddHostedService(services => new BunqEmulatorLifetime(resource, services.GetRequiredService<ResourceNotificationService>()));
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "BunqEmulator",
                State = KnownResourceStates.Starting,
                Properties = [],
            })
            .ExcludeFromManifest(); // a development stand-in for bunq, never deployed
    }

    /// <summary>
    /// Hands the emulator to <paramref name="builder"/>'s resource as configuration: <c>{section}:BaseAddress</c>,
    /// <c>{section}:CertificatePins:0</c> and, with <paramref name="sandboxUser"/>, <c>{section}:ApiKey</c> of a new sandbox
    /// user made for this resource, which is what the generated <c>AddXxx(configuration.GetSection("Bunq"))</c> reads;
    /// and the connection string <c>ConnectionStrings:{name}</c> (<c>Endpoint=…;Pin=…</c>).
    /// </summary>
    /// <typeparam name="TDestination">The referencing resource (a project, an executable).</typeparam>
    /// <param name="builder">The referencing resource.</param>
    /// <param name="bunq">The emulator.</param>
    /// <param name="section">The configuration section the project binds its bunq client to.</param>
    /// <param name="sandboxUser">Whether to make a sandbox user for this resource and hand over its API key.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IResourceBuilder<TDestination> WithReference<TDestination>(this IResourceBuilder<TDestination> builder, IResourceBuilder<BunqEmulatorResource> bunq, string section = "Bunq", bool sandboxUser = true)
        where TDestination : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(bunq);
        ArgumentException.ThrowIfNullOrEmpty(section);
        BunqEmulatorResource emulator = bunq.Resource;
        builder.WithReference((IResourceBuilder<IResourceWithConnectionString>)bunq);
        string prefix = section.Replace(":", "__", StringComparison.Ordinal) + "__";
        builder.WithEnvironment(async context =>
        {
            BunqEmulator running = await emulator.GetEmulatorAsync(context.CancellationToken).ConfigureAwait(false);
            context.EnvironmentVariables[prefix + "BaseAddress"] = running.BaseAddress.ToString();
            context.EnvironmentVariables[prefix + "CertificatePins__0"] = running.Pin;
            if (sandboxUser)
            {
                context.EnvironmentVariables[prefix + "ApiKey"] = running.CreateSandboxUser();
            }
        });
        return builder;
    }

    /// <summary>Starts the emulator with the app host, reports it running (with its address) and stops it with the app host.</summary>
    private sealed class BunqEmulatorLifetime(BunqEmulatorResource resource, ResourceNotificationService notifications) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            BunqEmulator emulator = await resource.GetEmulatorAsync(cancellationToken).ConfigureAwait(false);
            await notifications.PublishUpdateAsync(resource, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                Urls = [new UrlSnapshot("inspector", new Uri(emulator.BaseAddress, "/_emulator/").ToString(), IsInternal: false)],
                Properties = [.. state.Properties, new ResourcePropertySnapshot("bunq.pin", emulator.Pin)],
            }).ConfigureAwait(false);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await resource.DisposeAsync().ConfigureAwait(false);
            await notifications.PublishUpdateAsync(resource, state => state with { State = KnownResourceStates.Finished, StopTimeStamp = DateTime.UtcNow }).ConfigureAwait(false);
        }
    }
}
