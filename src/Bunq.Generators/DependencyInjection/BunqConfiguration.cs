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
    /// <exception cref="BunqConfigurationException">
    /// A value is malformed (a number, an environment, a time or a flag that does not convert; a base address that is not
    /// a URL). The message names the key, never the value.
    /// </exception>
    public static void Apply(IConfiguration configuration, BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var section = new BunqConfigurationSection();
        try
        {
            configuration.Bind(section);
        }
        catch (InvalidOperationException e)
        {
            throw Malformed(e);
        }

        section.ApplyTo(options);
        options.Configuration = configuration;
    }

    /// <summary>
    /// The binder's conversion failure as the configuration error README promises. The binder's message ("Failed to convert
    /// configuration value at 'Bunq:MaxResponseBodyBytes' to type ...") names the key; its inner exception (the parser's)
    /// may quote the value, so neither is passed on: only the key and what the key expects.
    /// </summary>
    private static BunqConfigurationException Malformed(InvalidOperationException e)
    {
        System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(
            e.Message, "at '(?<key>[^']{1,200})' to type '(?<type>[^']{1,200})'", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        string key = match.Success ? BunqUntrustedText.Clean(match.Groups["key"].Value, 200) : "a key of the bunq section";
        string expected = match.Success ? Expected(match.Groups["type"].Value) : "a value of its type";
        return new BunqConfigurationException(
            $"The configuration value of {key} is malformed: it must be {expected}. (The value is not repeated here: a configuration value may be a secret.)");
    }

    private static string Expected(string type) => type switch
    {
        _ when type.Contains(nameof(BunqEnvironment), StringComparison.Ordinal) => "Production or Sandbox",
        _ when type.Contains("TimeSpan", StringComparison.Ordinal) => "a time span such as 00:00:02",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("Int64", StringComparison.Ordinal) || type.Contains("Int32", StringComparison.Ordinal) => "a whole number",
        _ => "a value of its type",
    };

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
