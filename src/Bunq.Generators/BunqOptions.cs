using System.Text.Json.Serialization.Metadata;

namespace Bunq;

/// <summary>
/// Everything a bunq client needs to connect. One options object per client; it is read once when the client is built.
/// </summary>
public sealed class BunqOptions
{
    /// <summary>Production base address.</summary>
    public static readonly Uri ProductionBaseAddress = new("https://api.bunq.com/v1/");

    /// <summary>Sandbox base address.</summary>
    public static readonly Uri SandboxBaseAddress = new("https://public-api.sandbox.bunq.com/v1/");

    /// <summary>
    /// Default pin for <c>api.bunq.com</c>, the one bunq's Java SDK has shipped since 2018 (and the key of the PEM bunq's
    /// PHP SDK pins). Replace it through <see cref="CertificatePins"/> when bunq rotates; see docs/reliability.md.
    /// </summary>
    public const string ProductionPin = "sha256/nI/T/sDfioCBHB5mVppDPyLi2HXYanwk2arpZuHLOu0=";

    /// <summary>
    /// Default pin for the sandbox: the Amazon Root CA 1 key in the sandbox chain (bunq's Java SDK). A root pin survives
    /// the leaf renewals that broke earlier leaf pins.
    /// </summary>
    public const string SandboxPin = "sha256/++MBgDH5WGvL9Bcn5Be30cRcL0f5O+NyoXuWtQdX1aI=";

    /// <summary>The deployment; ignored when <see cref="BaseAddress"/> is set.</summary>
    public BunqEnvironment Environment { get; set; } = BunqEnvironment.Sandbox;

    /// <summary>An explicit base address such as an emulator's <c>https://127.0.0.1:PORT/v1/</c>. Must be HTTPS.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// SPKI SHA-256 pins (<c>sha256/BASE64</c>). Empty means the environment's default pin for Production and Sandbox,
    /// and the platform's certificate validation alone for an explicit <see cref="BaseAddress"/>.
    /// </summary>
    public IList<string> CertificatePins { get; } = new List<string>();

    /// <summary>
    /// Roots to build the server's chain to instead of the system's (a private deployment's CA). A pin on a key above the
    /// leaf only counts when the chain validates against these (or the system's) roots.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustedRoots { get; set; }

    /// <summary>
    /// Allows <c>http://</c> to a loopback address, for tests only. Any other <c>http://</c> address is refused regardless.
    /// </summary>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>
    /// Binds outgoing connections to this local address (a multi-homed host whose allowed IP is not the default route).
    /// </summary>
    public System.Net.IPAddress? LocalAddress { get; set; }

    /// <summary>The API key (sandbox keys start with <c>sandbox_</c>), or an OAuth access token.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// A PSD2 provider's certificate, key and chain: when set, a new context is made the PSD2 way (installation, then
    /// <c>payment-service-provider-credential</c>, whose token takes the place of <see cref="ApiKey"/>, which must then be
    /// unset). The session's user is then a <c>UserPaymentServiceProvider</c>. Not disposed by the client.
    /// </summary>
    public BunqPsd2Certificate? Psd2Certificate { get; set; }

    /// <summary>The device description registered with <c>device-server</c>.</summary>
    public string DeviceDescription { get; set; } = "Bunq.Generators";

    /// <summary>
    /// The IPs the API key may be used from (<c>permitted_ips</c>). Empty binds the calling IP. Add <c>"*"</c> only if you
    /// mean any IP: bunq then accepts the key from anywhere.
    /// </summary>
    public IList<string> PermittedIps { get; } = new List<string>();

    /// <summary>Where the API context is kept between runs; null keeps it in memory for this connection only.</summary>
    public IBunqContextStore? ContextStore { get; set; }

    /// <summary><c>X-Bunq-Language</c>; bunq supports <c>en_US</c> and <c>nl_NL</c>.</summary>
    public string Language { get; set; } = "en_US";

    /// <summary><c>X-Bunq-Region</c>.</summary>
    public string Region { get; set; } = "nl_NL";

    /// <summary><c>X-Bunq-Geolocation</c>; bunq accepts all zeros.</summary>
    public string Geolocation { get; set; } = "0 0 0 0 000";

    /// <summary><c>User-Agent</c>.</summary>
    public string UserAgent { get; set; } = "Bunq.Generators/" + typeof(BunqOptions).Assembly.GetName().Version?.ToString(3);

    /// <summary>
    /// JSON metadata for your own request and response types (a <c>JsonSerializerContext</c>). Required under NativeAOT;
    /// without it reflection-based metadata is used where the runtime allows it.
    /// </summary>
    public IJsonTypeInfoResolver? JsonTypeInfoResolver { get; set; }

    /// <summary>The rate limits the client keeps to (default: bunq's documented ones); <see cref="BunqRateLimits.None"/> switches them off.</summary>
    public BunqRateLimits RateLimits { get; set; } = BunqRateLimits.Documented;

    /// <summary>When failed calls are retried (see <see cref="BunqResilience"/>); <see cref="BunqRetryOptions.None"/> switches retries off.</summary>
    public BunqRetryOptions Retry { get; set; } = new();

    /// <summary>Where the library logs (event ids 1xxx context, 2xxx HTTP); never receives a secret.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>The clock for session expiry and rate limits.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The default of <see cref="MaxResponseBodyBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxResponseBodyBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The largest response body the client accepts (default 64 MiB, at most <see cref="int.MaxValue"/>). Every body is
    /// held in memory until its signature is verified; a larger one is discarded unread with a <see cref="BunqException"/>.
    /// </summary>
    public long MaxResponseBodyBytes { get; set; } = DefaultMaxResponseBodyBytes;

    /// <summary>
    /// Called with each <c>X-Bunq-Warning</c> bunq attaches to a verified answer (for example a negative balance), on the
    /// calling thread, after the warning is logged at Warning (event 2006). An exception it throws is logged, not raised:
    /// the call itself succeeded. Null (the default) only logs.
    /// </summary>
    public Action<BunqWarning>? OnWarning { get; set; }

    /// <summary>Produces <c>X-Bunq-Client-Request-Id</c> values; must be unique per request.</summary>
    public Func<string> RequestIdFactory { get; set; } = static () => Guid.NewGuid().ToString("D");

    /// <summary>
    /// The configuration section these options were bound from (<c>services.AddBank(configuration.GetSection("Bunq"))</c>),
    /// or null when set in code: an optional package binds its own keys from it (Bunq.Generators.Redis reads
    /// <c>Bunq:Redis</c>), so the core needs to know none of them.
    /// </summary>
    public Microsoft.Extensions.Configuration.IConfiguration? Configuration { get; internal set; }

    /// <summary>The effective base address, validated.</summary>
    /// <exception cref="BunqConfigurationException">The address is not HTTPS (or loopback HTTP with the opt-in).</exception>
    public Uri ResolveBaseAddress()
    {
        Uri address = BaseAddress ?? (Environment == BunqEnvironment.Production ? ProductionBaseAddress : SandboxBaseAddress);
        BunqTransportSecurity.EnsureAllowed(address, AllowInsecureLoopback);
        return address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }

    internal static long CheckMaxResponseBodyBytes(long value) =>
        value is > 0 and <= int.MaxValue
            ? value
            : throw new BunqConfigurationException($"MaxResponseBodyBytes must be between 1 and {int.MaxValue}; it is {value}.");

    /// <summary>The effective pin set, validated.</summary>
    /// <exception cref="BunqConfigurationException">A pin is malformed.</exception>
    internal BunqPinSet ResolvePins()
    {
        if (CertificatePins.Count > 0)
        {
            return BunqPinSet.Parse(CertificatePins);
        }

        if (BaseAddress is not null)
        {
            return BunqPinSet.None;
        }

        return BunqPinSet.Parse(Environment == BunqEnvironment.Production ? ProductionPin : SandboxPin);
    }
}

internal static class BunqTransportSecurity
{
    public static void EnsureAllowed(Uri address, bool allowInsecureLoopback)
    {
        if (!address.IsAbsoluteUri)
        {
            throw new BunqConfigurationException($"The bunq base address '{address}' must be an absolute https:// URL.");
        }

        if (address.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        if (address.Scheme == Uri.UriSchemeHttp && allowInsecureLoopback && address.IsLoopback)
        {
            return;
        }

        throw new BunqConfigurationException(
            $"Refusing '{address.Scheme}://{address.Authority}': bunq is only spoken over HTTPS. Use an https:// base address " +
            "(AllowInsecureLoopback permits http:// to loopback for tests only).");
    }
}
