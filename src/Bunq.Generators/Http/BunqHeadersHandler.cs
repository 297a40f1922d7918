namespace Bunq;

/// <summary>
/// Outermost bunq handler: refuses non-HTTPS requests and adds bunq's standard headers (User-Agent, language, region,
/// geolocation, <c>Cache-Control: no-cache</c>). The per-attempt request id is set by <see cref="BunqSigningHandler"/>.
/// </summary>
internal sealed class BunqHeadersHandler : DelegatingHandler
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
