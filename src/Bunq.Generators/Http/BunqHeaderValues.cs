namespace Bunq;

/// <summary>
/// Checks the option values that travel as request headers before any byte is sent. The handlers add them without the
/// framework's validation (bunq's headers are not all well-formed by HTTP's grammar), so a CR or LF here would end the
/// header and start a new one of the caller's choosing; and a character outside ASCII has no agreed encoding in a header
/// (.NET's transport refuses it at send time, other stacks mangle it). The rule is therefore the printable ASCII range,
/// space (U+0020) to tilde (U+007E): every control character — CR, LF, TAB, NUL, DEL, the C1 range — and every
/// non-ASCII character is refused, with the option's name and the character's position, never its value.
/// </summary>
/// <remarks>
/// The options that become headers: <see cref="BunqOptions.UserAgent"/>, <see cref="BunqOptions.Language"/>,
/// <see cref="BunqOptions.Region"/>, <see cref="BunqOptions.Geolocation"/>, and every value of
/// <see cref="BunqOptions.RequestIdFactory"/>. The API key, device description and permitted IPs go in JSON bodies, OAuth
/// options in an escaped query string, and PSD2 certificates in the body: none of them reaches a header.
/// </remarks>
internal static class BunqHeaderValues
{
    /// <summary>Refuses any header-bound option that is missing or carries a character a header cannot.</summary>
    /// <exception cref="BunqConfigurationException">Names the first offending option.</exception>
    public static void Check(BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(options.UserAgent, nameof(BunqOptions.UserAgent));
        Check(options.Language, nameof(BunqOptions.Language));
        Check(options.Region, nameof(BunqOptions.Region));
        Check(options.Geolocation, nameof(BunqOptions.Geolocation));
    }

    /// <summary>Refuses <paramref name="value"/> of the option <paramref name="option"/> unless it is printable ASCII.</summary>
    /// <exception cref="BunqConfigurationException">The value is null or carries a character outside U+0020–U+007E.</exception>
    public static string Check(string? value, string option, bool configurable = true)
    {
        string name = configurable ? $"BunqOptions.{option} (Bunq:{option})" : $"BunqOptions.{option}";
        if (value is null)
        {
            throw new BunqConfigurationException($"{name} is not set; it is sent as a request header.");
        }

        int bad = IndexOfInvalid(value);
        if (bad >= 0)
        {
            // The character's code, not the value: the value may be anything, a secret pasted into the wrong key included.
            throw new BunqConfigurationException(
                $"{name} has a character a request header cannot carry (U+{(int)value[bad]:X4} at position {bad}): " +
                "header values must be printable ASCII (U+0020 to U+007E), without control characters such as CR, LF or TAB.");
        }

        return value;
    }

    /// <summary>The index of the first character outside printable ASCII, or -1.</summary>
    public static int IndexOfInvalid(ReadOnlySpan<char> value) => value.IndexOfAnyExceptInRange('\u0020', '\u007e');

    /// <summary>
    /// Whether a value bunq hands us (a token, a response id) is one unbroken run of printable ASCII: no space, no control
    /// or non-ASCII character, so it can go into a header, a log line or a message as it is.
    /// </summary>
    public static bool IsToken(ReadOnlySpan<char> value) => !value.IsEmpty && value.IndexOfAnyExceptInRange('!', '~') < 0;
}
