using System.Text;

namespace Bunq;

/// <summary>
/// Callback text is untrusted until confirmed: before it reaches a log line or an exception message it is cut short and
/// every character outside printable ASCII becomes '?', so no escape sequence, line break or bidirectional override
/// reaches a terminal or a log viewer.
/// </summary>
internal static class BunqCallbackText
{
    public static string Clean(string? text, int max = 200)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = new StringBuilder(Math.Min(text.Length, max));
        foreach (char c in text.AsSpan(0, Math.Min(text.Length, max)))
        {
            clean.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return text.Length > max ? clean.Append('…').ToString() : clean.ToString();
    }

    /// <summary>Whether a name bunq uses (category, event type: upper case and '_'; object type: letters) has nothing else in it.</summary>
    public static bool IsToken(string? text, bool upperCase) =>
        !string.IsNullOrEmpty(text) && text.Length <= 64
        && text.All(c => upperCase ? c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' : char.IsAsciiLetterOrDigit(c));
}
