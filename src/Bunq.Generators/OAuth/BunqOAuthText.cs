namespace Bunq.OAuth;

/// <summary>Cleans what bunq's OAuth hosts (or a forged callback) say before it reaches a message or a log.</summary>
internal static class BunqOAuthText
{
    private const int MaxDescription = 300;
    private const int MaxErrorCode = 64;

    /// <summary>An OAuth error code as RFC 6749 §5.2 allows it (printable ASCII without quote or backslash), else <see cref="BunqOAuthException.InvalidResponse"/>.</summary>
    public static string ErrorCode(string code) =>
        code.Length is > 0 and <= MaxErrorCode && code.All(c => c is >= '\x21' and <= '\x7E' and not '"' and not '\\')
            ? code
            : BunqOAuthException.InvalidResponse;

    /// <summary>
    /// A description with any of <paramref name="secrets"/> masked, then cleaned as all unverified text is
    /// (<see cref="BunqUntrustedText"/>: escape sequences removed whole, control characters spaced), cut to a readable
    /// length. RFC 6749 §5.2 allows only ASCII in a description, so a surrogate is spaced too, which also keeps the cut
    /// from splitting a pair.
    /// </summary>
    public static string Clean(string text, IReadOnlyList<string> secrets)
    {
        foreach (string secret in secrets)
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        string clean = BunqUntrustedText.Clean(text, MaxDescription + 1);
        return clean.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0
            ? clean
            : string.Create(clean.Length, clean, static (span, source) =>
            {
                for (int i = 0; i < source.Length; i++)
                {
                    span[i] = char.IsSurrogate(source[i]) ? ' ' : source[i];
                }
            });
    }
}
