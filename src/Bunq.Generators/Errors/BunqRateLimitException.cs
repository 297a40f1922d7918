namespace Bunq;

/// <summary>bunq answered 429: too many requests for this endpoint from this IP in the rate window.</summary>
public sealed class BunqRateLimitException : BunqApiException
{
    /// <summary>Creates the exception.</summary>
    public BunqRateLimitException(IReadOnlyList<string> errors, string? responseId, bool isSignatureVerified)
        : base(429, errors, responseId, isSignatureVerified)
    {
    }
}
