using System.Text;

namespace Bunq;

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

    /// <summary>A description without control characters, cut to a readable length, with any of <paramref name="secrets"/> masked.</summary>
    public static string Clean(string text, IReadOnlyList<string> secrets)
    {
        foreach (string secret in secrets)
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxDescription + 1));
        foreach (char c in text.AsSpan(0, Math.Min(text.Length, MaxDescription)))
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c);
        }

        if (text.Length > MaxDescription)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }
}
