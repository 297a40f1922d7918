using System.Net;

namespace Bunq;

/// <summary>
/// bunq answered with a non-success status. Carries the status, bunq's error descriptions, the response id bunq
/// support asks for, and whether the error body's signature was verified (bunq does not sign every error, e.g. 429).
/// An unverified body may come from anyone on the path: its texts are cleaned of control characters and terminal escape
/// sequences, capped at about 1,000 characters, and the message says "Unverified" before anything else.
/// </summary>
public class BunqApiException : BunqException
{
    /// <summary>Creates the exception; unverified <paramref name="errors"/> and <paramref name="responseId"/> are cleaned and capped.</summary>
    public BunqApiException(int statusCode, IReadOnlyList<string> errors, string? responseId, bool isSignatureVerified)
        : this(statusCode, Trusted(errors, responseId, isSignatureVerified), isSignatureVerified)
    {
    }

    private BunqApiException(int statusCode, (IReadOnlyList<string> Errors, string? ResponseId) text, bool isSignatureVerified)
        : base(FormatMessage(statusCode, text.Errors, text.ResponseId, isSignatureVerified))
    {
        StatusCode = statusCode;
        Errors = text.Errors;
        ResponseId = text.ResponseId;
        IsSignatureVerified = isSignatureVerified;
    }

    /// <summary>The HTTP status code (bunq also uses 466, 490 and 491).</summary>
    public int StatusCode { get; }

    /// <summary>
    /// bunq's <c>error_description</c> texts, or a readable excerpt when the body was not bunq's error JSON. Kept as bunq
    /// sent them when <see cref="IsSignatureVerified"/>; otherwise cleaned and capped.
    /// </summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary><c>X-Bunq-Client-Response-Id</c>, to quote to bunq support.</summary>
    public string? ResponseId { get; }

    /// <summary>True when the error body carried a valid <c>X-Bunq-Server-Signature</c>.</summary>
    public bool IsSignatureVerified { get; }

    /// <summary>True when bunq refused the API key or the calling IP ("Incorrect API key or IP address").</summary>
    public bool IsCredentialOrIpRefused => Errors.Any(e => e.Contains("Incorrect API key or IP address", StringComparison.Ordinal));

    /// <summary>True for bunq's session-expiry answers (401/403 "Insufficient authentication/authorisation").</summary>
    public bool IsSessionExpired =>
        StatusCode is 401 or 403 &&
        Errors.Any(e => e.StartsWith("Insufficient authenticat", StringComparison.OrdinalIgnoreCase)
                     || e.StartsWith("Insufficient authori", StringComparison.OrdinalIgnoreCase));

    /// <summary>Creates the most specific exception for a status.</summary>
    public static BunqApiException Create(int statusCode, IReadOnlyList<string> errors, string? responseId, bool isSignatureVerified) =>
        statusCode == 429
            ? new BunqRateLimitException(errors, responseId, isSignatureVerified)
            : new BunqApiException(statusCode, errors, responseId, isSignatureVerified);

    private static string FormatMessage(int statusCode, IReadOnlyList<string> errors, string? responseId, bool verified)
    {
        string reason = statusCode switch
        {
            466 => "Request signature required",
            490 => "User error",
            491 => "Maintenance",
            _ => Enum.IsDefined(typeof(HttpStatusCode), statusCode) ? ((HttpStatusCode)statusCode).ToString() : "Unknown status",
        };
        string text = errors.Count == 0 ? "(no error description)" : string.Join(" ", errors);
        string id = responseId is null ? "no response id" : $"response id {responseId}";
        string hint = errors.Any(e => e.Contains("Incorrect API key or IP address", StringComparison.Ordinal))
            ? " Check that the API key belongs to this environment and that this machine's IP is allowed (BunqOptions.PermittedIps when the context is made, Connection.IpAllowList afterwards)."
            : string.Empty;
        // Said first, not last: a reader (or a terminal) must know before the text that nobody vouches for it.
        return verified
            ? $"bunq answered {statusCode} {reason}: {text} ({id}; signature verified){hint}"
            : $"Unverified answer (its signature did not verify; it may not come from bunq): {statusCode} {reason}: {text} ({id}){hint}";
    }

    // A verified body is bunq's word and is kept as sent; anything else is cleaned before it is stored or shown.
    private static (IReadOnlyList<string>, string?) Trusted(IReadOnlyList<string> errors, string? responseId, bool verified)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return verified
            ? (errors, responseId)
            : (BunqUntrustedText.CleanAll(errors), responseId is null ? null : BunqUntrustedText.Clean(responseId, 100));
    }
}
