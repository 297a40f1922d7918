namespace Bunq.OAuth;

/// <summary>
/// What bunq's token endpoint returns for an authorization code. Use <see cref="AccessToken"/> as
/// <see cref="BunqOptions.ApiKey"/>: the context it makes belongs to a <c>UserApiKey</c> whose requests reach the
/// granting user's accounts. <see cref="ToString"/> hides the token.
/// </summary>
public sealed class BunqOAuthToken
{
    /// <summary>Creates the result.</summary>
    public BunqOAuthToken(BunqSecret accessToken, string tokenType, string? state)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        AccessToken = accessToken;
        TokenType = tokenType;
        State = state;
    }

    /// <summary>The access token: bunq's API key for this grant. Read it with <see cref="BunqSecret.Reveal"/> where it is used.</summary>
    public BunqSecret AccessToken { get; }

    /// <summary><c>bearer</c>.</summary>
    public string TokenType { get; }

    /// <summary>The <c>state</c> bunq echoed in the token response, if any.</summary>
    public string? State { get; }

    /// <summary>Hides the token.</summary>
    public override string ToString() => $"BunqOAuthToken({TokenType}, ***)";
}
