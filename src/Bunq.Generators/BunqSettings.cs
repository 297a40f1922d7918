namespace Bunq;

/// <summary>
/// <see cref="BunqOptions"/> checked once and resolved: every rule about what options are usable lives here, and the
/// options validator (at a host's start), the pipeline parts (at <c>ConnectAsync</c> or the container's first resolve),
/// the transport and the bootstrapper read the result instead of checking again.
/// </summary>
internal sealed class BunqSettings
{
    private BunqSettings(BunqOptions options)
    {
        Options = options;
        BaseAddress = options.ResolveBaseAddress();
        Pins = options.ResolvePins();
        MaxResponseBodyBytes = BunqOptions.CheckMaxResponseBodyBytes(options.MaxResponseBodyBytes);
        // Before any handler exists, so no request is ever sent with a header value that could split the header.
        BunqHeaderValues.Check(options);
        TotalTimeout = CheckTotalTimeout(options.Retry.TotalTimeout);
        bool hasKey = options.ApiKey is { Length: > 0 };
        if (hasKey && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            // Usually an unset environment variable or a stray space in a secrets file; the value is never repeated.
            throw new BunqConfigurationException("BunqOptions.ApiKey (Bunq:ApiKey) is only white space; set the API key, or leave it empty.");
        }

        if (hasKey && options.Psd2Certificate is not null)
        {
            throw new BunqConfigurationException(
                "Set either BunqOptions.ApiKey or BunqOptions.Psd2Certificate, not both: a PSD2 context's secret is the token bunq issues for the certificate.");
        }

        CanCreateContext = hasKey || options.Psd2Certificate is not null;
    }

    /// <summary>The options as given.</summary>
    public BunqOptions Options { get; }

    /// <summary>The base address: HTTPS, or loopback HTTP with the opt-in; ends with a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The SPKI pins the transport accepts (the environment's own when none are given for its address).</summary>
    public BunqPinSet Pins { get; }

    /// <summary>The largest response body read.</summary>
    public long MaxResponseBodyBytes { get; }

    /// <summary>The bound on one call's whole time (<see cref="BunqRetryOptions.TotalTimeout"/>).</summary>
    public TimeSpan TotalTimeout { get; }

    /// <summary>Whether a new context can be created: an API key or a PSD2 certificate is set (never both).</summary>
    public bool CanCreateContext { get; }

    /// <summary>Checks and resolves <paramref name="options"/>.</summary>
    /// <exception cref="BunqConfigurationException">An option is not usable; the message says which and why.</exception>
    public static BunqSettings Resolve(BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new BunqSettings(options);
    }

    /// <summary>The secret a new context's device is registered with; null for a PSD2 context (its credential's token, made later).</summary>
    /// <exception cref="BunqConfigurationException">Neither an API key nor a PSD2 certificate is set.</exception>
    public BunqSecret? NewContextApiKey() => CanCreateContext
        ? Options.ApiKey is { Length: > 0 } key ? new BunqSecret(key) : null
        : throw new BunqConfigurationException(
            "An API key is needed to create a bunq API context: set BunqOptions.ApiKey (or BunqOptions.Psd2Certificate for a PSD2 provider).");

    private static TimeSpan CheckTotalTimeout(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan || (value > TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue)
            ? value
            : throw new BunqConfigurationException($"BunqRetryOptions.TotalTimeout (Bunq:Retry:TotalTimeout) must be positive and at most {int.MaxValue} ms, or Timeout.InfiniteTimeSpan; it is {value}.");
}
