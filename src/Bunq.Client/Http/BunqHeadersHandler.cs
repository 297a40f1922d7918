namespace Bunq;

/// <summary>
/// Outermost bunq handler: refuses non-HTTPS requests and adds bunq's standard headers (User-Agent, language, region,
/// geolocation, <c>Cache-Control: no-cache</c>). The per-attempt request id is set by <see cref="BunqSigningHandler"/>.
/// </summary>
public sealed class BunqHeadersHandler : DelegatingHandler
{
    private readonly string _userAgent;
    private readonly string _language;
    private readonly string _region;
    private readonly string _geolocation;
    private readonly bool _allowInsecureLoopback;

    /// <summary>Reads the header values from <paramref name="options"/> once.</summary>
    public BunqHeadersHandler(BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _userAgent = options.UserAgent;
        _language = options.Language;
        _region = options.Region;
        _geolocation = options.Geolocation;
        _allowInsecureLoopback = options.AllowInsecureLoopback;
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is null)
        {
            throw new BunqConfigurationException("The request has no URI; set the client's BaseAddress to the bunq base address.");
        }

        BunqTransportSecurity.EnsureAllowed(request.RequestUri, _allowInsecureLoopback);

        HttpRequestHeadersSetter.Set(request, "User-Agent", _userAgent);
        HttpRequestHeadersSetter.Set(request, BunqHeaders.Language, _language);
        HttpRequestHeadersSetter.Set(request, BunqHeaders.Region, _region);
        HttpRequestHeadersSetter.Set(request, BunqHeaders.Geolocation, _geolocation);
        HttpRequestHeadersSetter.Set(request, "Cache-Control", "no-cache");
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>bunq's header names.</summary>
public static class BunqHeaders
{
    /// <summary>Request id, unique per request.</summary>
    public const string RequestId = "X-Bunq-Client-Request-Id";

    /// <summary>Response id, quoted to bunq support.</summary>
    public const string ResponseId = "X-Bunq-Client-Response-Id";

    /// <summary>The installation or session token.</summary>
    public const string Authentication = "X-Bunq-Client-Authentication";

    /// <summary>Base64 signature of the request body.</summary>
    public const string ClientSignature = "X-Bunq-Client-Signature";

    /// <summary>Base64 signature of the response body.</summary>
    public const string ServerSignature = "X-Bunq-Server-Signature";

    /// <summary>Language.</summary>
    public const string Language = "X-Bunq-Language";

    /// <summary>Region.</summary>
    public const string Region = "X-Bunq-Region";

    /// <summary>Geolocation.</summary>
    public const string Geolocation = "X-Bunq-Geolocation";
}

internal static class HttpRequestHeadersSetter
{
    // Replace rather than add: a retried request passes through again and must not carry two values.
    public static void Set(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
