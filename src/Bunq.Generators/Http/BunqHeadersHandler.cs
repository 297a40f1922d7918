using System.Net.Http.Headers;

namespace Bunq;

/// <summary>
/// Outermost bunq handler: refuses non-HTTPS requests and adds bunq's standard headers (User-Agent, language, region,
/// geolocation, <c>Cache-Control: no-cache</c>). The per-attempt request id is set by <see cref="BunqSigningHandler"/>.
/// </summary>
internal sealed class BunqHeadersHandler : DelegatingHandler
{
    private const string NoCache = "no-cache";

    private readonly (string Name, string Value)[] _standard;
    private readonly bool _allowInsecureLoopback;

    /// <summary>Reads the header values from <paramref name="options"/> once.</summary>
    public BunqHeadersHandler(BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _standard = Standard(options);
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

        HttpRequestHeaders headers = request.Headers;
        foreach ((string name, string value) in _standard)
        {
            Ensure(headers, name, value);
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Puts the same five headers, as the same raw values, in an <see cref="HttpClient"/>'s default headers. The handler
    /// sets them on every request either way; this only sizes the request's header store: <c>HttpClient</c> copies its
    /// defaults into an empty store as one array of their length (8 slots for five headers), which then holds the three
    /// per-attempt headers too, where adding eight headers one by one allocates a 4-slot array and then an 8-slot one.
    /// </summary>
    public static void AddDefaults(HttpRequestHeaders defaults, BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(options);
        foreach ((string name, string value) in Standard(options))
        {
            HttpRequestHeadersSetter.Set(defaults, name, value);
        }
    }

    // The one list of the five headers: the handler ensures them on every request, AddDefaults puts the same in the defaults.
    private static (string Name, string Value)[] Standard(BunqOptions options) =>
    [
        ("User-Agent", options.UserAgent),
        (BunqHeaders.Language, options.Language),
        (BunqHeaders.Region, options.Region),
        (BunqHeaders.Geolocation, options.Geolocation),
        ("Cache-Control", NoCache),
    ];

    // Kept when the request already carries exactly this one raw value (copied from the client's defaults), replaced otherwise.
    private static void Ensure(HttpRequestHeaders headers, string name, string value)
    {
        if (headers.NonValidated.TryGetValues(name, out HeaderStringValues values) && values.Count == 1 && string.Equals(values.ToString(), value, StringComparison.Ordinal))
        {
            return;
        }

        HttpRequestHeadersSetter.Set(headers, name, value);
    }
}
