namespace Bunq.OAuth;

/// <summary>
/// The OAuth flow failed: bunq's token endpoint answered an OAuth error (<c>invalid_grant</c>, <c>invalid_client</c>, …),
/// the callback carried one (<c>access_denied</c>), or the callback's <c>state</c> was not the one the app sent
/// (<see cref="StateMismatch"/>: nothing was sent to bunq and the code is untouched). The message never contains the code,
/// the client secret or a token.
/// </summary>
public sealed class BunqOAuthException : BunqException
{
    /// <summary>The callback's <c>state</c> is missing or differs from the one the app put in the authorization URL.</summary>
    public const string StateMismatch = "state_mismatch";

    /// <summary>The token endpoint's answer was not OAuth's JSON, or a success without an access token.</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>Creates the exception.</summary>
    /// <param name="error">The OAuth error code (RFC 6749 §5.2), or one of this type's constants.</param>
    /// <param name="description">A readable description, already cleaned of control characters and secrets.</param>
    /// <param name="statusCode">The token endpoint's HTTP status; null when the failure was found without asking it.</param>
    public BunqOAuthException(string error, string? description, int? statusCode)
        : base(FormatMessage(error, description, statusCode))
    {
        Error = error;
        Description = description;
        StatusCode = statusCode;
    }

    /// <summary>The OAuth error code: <c>invalid_grant</c>, <c>invalid_client</c>, <c>invalid_request</c>, <c>access_denied</c>, <see cref="StateMismatch"/>, …</summary>
    public string Error { get; }

    /// <summary>The <c>error_description</c>, cleaned; null when none was given.</summary>
    public string? Description { get; }

    /// <summary>The token endpoint's HTTP status; null when it was not asked.</summary>
    public int? StatusCode { get; }

    private static string FormatMessage(string error, string? description, int? statusCode)
    {
        string where = statusCode is { } status ? $"bunq's token endpoint answered {status} {error}" : $"OAuth failed: {error}";
        string hint = error switch
        {
            StateMismatch => " The callback may be forged or belong to another login; nothing was sent to bunq. Start the authorization again.",
            "invalid_grant" => " Codes are single-use and expire within minutes, and the redirect URI must be the registered one the code was issued for.",
            "invalid_client" => " Check the client id and secret (BunqOAuthClients.GetAsync shows them).",
            "access_denied" => " The user did not grant access.",
            _ => string.Empty,
        };
        return description is null ? $"{where}.{hint}" : $"{where}: {description}{hint}";
    }
}
