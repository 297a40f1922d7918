using Microsoft.Extensions.Configuration;

namespace Bunq;

/// <summary>
/// The configuration keys of <see cref="BunqOptions"/> (for example the <c>Bunq</c> section of appsettings.json):
/// <c>Environment</c>, <c>BaseAddress</c>, <c>CertificatePins</c>, <c>ApiKey</c>, <c>DeviceDescription</c>,
/// <c>PermittedIps</c>, <c>ContextFile</c>, <c>ContextPassphrase</c>, <c>Language</c>, <c>Region</c>,
/// <c>Geolocation</c>, <c>UserAgent</c>, <c>AllowInsecureLoopback</c>, <c>MaxResponseBodyBytes</c>, <c>LocalAddress</c>,
/// <c>TrustedRoots</c> (PEM files), <c>RateLimits</c> and <c>Retry</c> (sub-sections). Optional packages bind their
/// own keys from the same section (<see cref="BunqOptions.Configuration"/>; Bunq.Generators.Redis: <c>Redis</c>,
/// <c>RedisKeyPrefix</c>, <c>RedisPartitionKey</c>). Keep <c>ApiKey</c>, <c>ContextPassphrase</c> and passwords in user
/// secrets or the environment, not in a committed file.
/// </summary>
internal sealed class BunqConfigurationSection
{
    /// <summary><c>Production</c> or <c>Sandbox</c>.</summary>
    public BunqEnvironment? Environment { get; set; }

    /// <summary>An explicit HTTPS base address.</summary>
    public string? BaseAddress { get; set; }

    /// <summary>SPKI pins, <c>sha256/BASE64</c>.</summary>
    public List<string> CertificatePins { get; } = [];

    /// <summary>The API key or OAuth access token.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The device-server description.</summary>
    public string? DeviceDescription { get; set; }

    /// <summary><c>permitted_ips</c> for a new device.</summary>
    public List<string> PermittedIps { get; } = [];

    /// <summary>A file to keep the context in (<see cref="BunqContextStore.File"/>).</summary>
    public string? ContextFile { get; set; }

    /// <summary>A passphrase protecting <see cref="ContextFile"/>; without it the per-user key file is used.</summary>
    public string? ContextPassphrase { get; set; }

    /// <summary><c>X-Bunq-Language</c>.</summary>
    public string? Language { get; set; }

    /// <summary><c>X-Bunq-Region</c>.</summary>
    public string? Region { get; set; }

    /// <summary><c>X-Bunq-Geolocation</c>.</summary>
    public string? Geolocation { get; set; }

    /// <summary><c>User-Agent</c>.</summary>
    public string? UserAgent { get; set; }

    /// <summary>Allows <c>http://</c> to loopback, for tests.</summary>
    public bool? AllowInsecureLoopback { get; set; }

    /// <summary>The largest response body accepted (<see cref="BunqOptions.MaxResponseBodyBytes"/>).</summary>
    public long? MaxResponseBodyBytes { get; set; }

    /// <summary>The local IP address to connect from (<see cref="BunqOptions.LocalAddress"/>).</summary>
    public string? LocalAddress { get; set; }

    /// <summary>PEM files of the roots to trust instead of the system's (<see cref="BunqOptions.TrustedRoots"/>).</summary>
    public List<string> TrustedRoots { get; } = [];

    /// <summary>Client-side rate limits (<see cref="BunqOptions.RateLimits"/>); keys left out keep their defaults.</summary>
    public BunqRateLimitsSection? RateLimits { get; set; }

    /// <summary>Retry rules (<see cref="BunqOptions.Retry"/>); keys left out keep their defaults.</summary>
    public BunqRetrySection? Retry { get; set; }

    /// <summary>Binds <paramref name="configuration"/> (source-generated binder, no reflection) onto <paramref name="options"/>.</summary>
    /// <exception cref="BunqConfigurationException">A value is malformed (a base address that is not a URL).</exception>
    public static void Apply(IConfiguration configuration, BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var section = new BunqConfigurationSection();
        configuration.Bind(section);
        section.ApplyTo(options);
        options.Configuration = configuration;
    }

    private void ApplyTo(BunqOptions options)
    {
        if (Environment is { } environment)
        {
            options.Environment = environment;
        }

        if (BaseAddress is { Length: > 0 } address)
        {
            options.BaseAddress = Uri.TryCreate(address, UriKind.Absolute, out Uri? uri)
                ? uri
                : throw new BunqConfigurationException($"Bunq:BaseAddress '{address}' is not an absolute URL.");
        }

        foreach (string pin in CertificatePins)
        {
            options.CertificatePins.Add(pin);
        }

        foreach (string ip in PermittedIps)
        {
            options.PermittedIps.Add(ip);
        }

        options.ApiKey = ApiKey ?? options.ApiKey;
        options.DeviceDescription = DeviceDescription ?? options.DeviceDescription;
        options.Language = Language ?? options.Language;
        options.Region = Region ?? options.Region;
        options.Geolocation = Geolocation ?? options.Geolocation;
        options.UserAgent = UserAgent ?? options.UserAgent;
        options.AllowInsecureLoopback = AllowInsecureLoopback ?? options.AllowInsecureLoopback;
        options.MaxResponseBodyBytes = MaxResponseBodyBytes ?? options.MaxResponseBodyBytes;
        if (LocalAddress is { Length: > 0 } local)
        {
            options.LocalAddress = System.Net.IPAddress.TryParse(local, out System.Net.IPAddress? ip)
                ? ip
                : throw new BunqConfigurationException($"Bunq:LocalAddress '{local}' is not an IP address.");
        }

        if (TrustedRoots.Count > 0)
        {
            options.TrustedRoots = LoadRoots(TrustedRoots);
        }

        options.RateLimits = RateLimits?.ApplyTo(options.RateLimits) ?? options.RateLimits;
        options.Retry = Retry?.ApplyTo(options.Retry) ?? options.Retry;
        if (ContextFile is { Length: > 0 } file)
        {
            options.ContextStore = BunqContextStore.File(file, BunqContextProtection.FromConfiguration(ContextPassphrase));
        }
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2Collection LoadRoots(List<string> files)
    {
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        foreach (string file in files)
        {
            int before = roots.Count;
            try
            {
                roots.ImportFromPemFile(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new BunqConfigurationException($"Bunq:TrustedRoots: '{file}' cannot be read as PEM certificates: {e.Message}", e);
            }

            if (roots.Count == before)
            {
                throw new BunqConfigurationException($"Bunq:TrustedRoots: '{file}' holds no PEM certificate.");
            }
        }

        return roots;
    }
}
