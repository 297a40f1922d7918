using System.Text.Json;

namespace Bunq.OAuth;

/// <summary>
/// Reads the token endpoint's answer: <c>{"access_token":…,"token_type":"bearer","state":…}</c> on success, OAuth's
/// <c>{"error":…,"error_description":…}</c> otherwise (not bunq's envelope, and not signed).
/// </summary>
internal static class BunqOAuthTokenResponse
{
    /// <exception cref="BunqOAuthException">An OAuth error, or an answer that is not a token.</exception>
    public static BunqOAuthToken Read(int status, byte[] body, IReadOnlyList<string> secrets)
    {
        JsonElement? root = Parse(body);
        if (status is >= 200 and < 300)
        {
            string? token = root.String("access_token");
            if (string.IsNullOrWhiteSpace(token) || token.Any(char.IsControl))
            {
                throw new BunqOAuthException(BunqOAuthException.InvalidResponse, $"The token endpoint answered {status} without an access_token.", status);
            }

            string? tokenType = root.String("token_type");
            return new BunqOAuthToken(new BunqSecret(token), tokenType is null ? "bearer" : BunqOAuthText.Clean(tokenType, secrets), root.String("state"));
        }

        string? error = root.String("error");
        if (error is null)
        {
            throw new BunqOAuthException(BunqOAuthException.InvalidResponse, $"The token endpoint answered {status} without an OAuth error body.", status);
        }

        string? description = root.String("error_description");
        throw new BunqOAuthException(BunqOAuthText.ErrorCode(error), description is null ? null : BunqOAuthText.Clean(description, secrets), status);
    }

    private static JsonElement? Parse(byte[] body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(this JsonElement? element, string name) =>
        element is { } e && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
