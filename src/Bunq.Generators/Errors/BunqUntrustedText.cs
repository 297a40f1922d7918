using System.Globalization;
using System.Text;

namespace Bunq;

/// <summary>
/// Makes text nobody has vouched for (an error body whose signature did not verify, a header of such a response) safe to
/// put in an exception message, a log line or a terminal: terminal escape sequences are removed whole (not just their
/// ESC, which would leave <c>[31m</c> behind), every other control or invisible formatting character (CR, LF, TAB, DEL,
/// C1 controls, bidirectional overrides) becomes a space, and the total is capped.
/// </summary>
internal static class BunqUntrustedText
{
    /// <summary>The most characters of unverified text one exception carries.</summary>
    public const int MaxLength = 1_000;

    private const char Escape = '\u001b';
    private const char Bell = '\u0007';
    private const char ControlSequenceIntroducer = '\u009b'; // the 8-bit form of ESC [
    private const char OperatingSystemCommand = '\u009d'; // the 8-bit form of ESC ]
    private const char StringTerminator = '\u009c';

    /// <summary>Cleans every text and keeps their total within <see cref="MaxLength"/>; a cut text ends with "…".</summary>
    public static IReadOnlyList<string> CleanAll(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var cleaned = new List<string>(Math.Min(texts.Count, 16));
        int budget = MaxLength;
        foreach (string text in texts)
        {
            if (budget <= 0)
            {
                // the previous text filled the budget and already ends with "…"; the rest is dropped unread
                break;
            }

            string clean = Clean(text ?? string.Empty, budget);
            cleaned.Add(clean);
            budget -= clean.Length;
        }

        return cleaned;
    }

    /// <summary>
    /// <paramref name="text"/> without escape sequences and control characters, at most <paramref name="max"/> characters
    /// (the last one "…" when it was cut).
    /// </summary>
    public static string Clean(string text, int max = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var builder = new StringBuilder(Math.Min(text.Length, max));
        int i = 0;
        while (i < text.Length)
        {
            if (builder.Length == max)
            {
                builder[max - 1] = '…';
                return builder.ToString();
            }

            char c = text[i];
            if (c is Escape or ControlSequenceIntroducer or OperatingSystemCommand)
            {
                i = SkipEscapeSequence(text, i);
                continue;
            }

            builder.Append(IsUnsafe(c) ? ' ' : c);
            i++;
        }

        return builder.ToString();
    }

    /// <summary>Whether a character must not reach a message or a terminal as it is.</summary>
    public static bool IsUnsafe(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    // ECMA-48: CSI (ESC [ or U+009B) takes parameter and intermediate bytes up to one final byte in @..~; OSC (ESC ] or
    // U+009D) runs to BEL or ST (ESC \ or U+009C); any other ESC takes the one character after it.
    private static int SkipEscapeSequence(string text, int start)
    {
        char introducer = text[start];
        int i = start + 1;
        bool csi = introducer == ControlSequenceIntroducer;
        bool osc = introducer == OperatingSystemCommand;
        if (introducer == Escape)
        {
            if (i >= text.Length)
            {
                return i;
            }

            csi = text[i] == '[';
            osc = text[i] == ']';
            i++;
            if (!csi && !osc)
            {
                return i;
            }
        }

        if (csi)
        {
            while (i < text.Length && text[i] is >= '\u0020' and <= '\u003f')
            {
                i++;
            }

            return i < text.Length && text[i] is >= '\u0040' and <= '\u007e' ? i + 1 : i;
        }

        while (i < text.Length)
        {
            char c = text[i];
            if (c is Bell or StringTerminator)
            {
                return i + 1;
            }

            if (c == Escape && i + 1 < text.Length && text[i + 1] == '\\')
            {
                return i + 2;
            }

            if (c == Escape)
            {
                return i; // an unterminated OSC ends where the next sequence starts
            }

            i++;
        }

        return i;
    }
}
