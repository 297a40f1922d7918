using Bunq.Emulator;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The offline bunq emulator (<see cref="BunqEmulator"/>) as an Aspire resource. It runs inside the app host process (no
/// container, no executable to find), over HTTPS on 127.0.0.1 with a certificate of its own; its connection string is
/// <c>Endpoint=https://127.0.0.1:PORT/v1/;Pin=sha256/BASE64</c>, the base address and certificate pin a bunq client needs.
/// </summary>
public sealed class BunqEmulatorResource : Resource, IResourceWithConnectionString, IAsyncDisposable
{
    private readonly BunqEmulatorOptions _options;
    private readonly Lazy<Task<BunqEmulator>> _emulator;

    /// <summary>A resource named <paramref name="name"/> that starts an emulator with <paramref name="options"/> when first needed.</summary>
    /// <param name="name">The resource name (the connection string's name).</param>
    /// <param name="options">The emulator's options (port, rate limits, data directory, …).</param>
    public BunqEmulatorResource(string name, BunqEmulatorOptions options)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _emulator = new(() => BunqEmulator.StartAsync(_options), LazyThreadSafetyMode.ExecutionAndPublication);
        Endpoint = new BunqEmulatorValue(this, "endpoint", emulator => emulator.BaseAddress.ToString());
        Pin = new BunqEmulatorValue(this, "pin", emulator => emulator.Pin);
    }

    /// <summary>The emulator's base address, <c>https://127.0.0.1:PORT/v1/</c>, known once it has started.</summary>
    public IValueProvider Endpoint { get; }

    /// <summary>The emulator certificate's SPKI pin, <c>sha256/BASE64</c>, known once it has started.</summary>
    public IValueProvider Pin { get; }

    /// <summary><c>Endpoint={base address};Pin={pin}</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint={(BunqEmulatorValue)Endpoint};Pin={(BunqEmulatorValue)Pin}");

    /// <summary>The emulator, started on first use (the app host starts it before its resources).</summary>
    /// <param name="cancellationToken">Stops waiting (the start itself goes on).</param>
    /// <returns>The running emulator: create sandbox users, inject faults, read its request log.</returns>
    public Task<BunqEmulator> GetEmulatorAsync(CancellationToken cancellationToken = default) => _emulator.Value.WaitAsync(cancellationToken);

    /// <summary>Stops the emulator if it was started (the app host does this when it stops).</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_emulator.IsValueCreated)
        {
            await (await _emulator.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One value of the running emulator, resolved when a referencing resource starts.</summary>
    private sealed class BunqEmulatorValue(BunqEmulatorResource resource, string property, Func<BunqEmulator, string> read) : IValueProvider, IManifestExpressionProvider
    {
        public string ValueExpression => $"{{{resource.Name}.{property}}}";

        public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            read(await resource.GetEmulatorAsync(cancellationToken).ConfigureAwait(false));
    }
}
