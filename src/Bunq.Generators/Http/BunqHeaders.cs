using System.Net.Http.Headers;

namespace Bunq;

/// <summary>bunq's header names.</summary>
internal static class BunqHeaders
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
    public static void Set(HttpRequestMessage request, string name, string value) => Set(request.Headers, name, value);

    public static void Set(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
