using System.Net.Http.Headers;

namespace Bunq;

/// <summary>
/// The rules for raw request bodies — a file uploaded as itself, as bunq's attachment routes take it ("a payload that
/// contains the binary representation of the file, without any JSON wrapping", with its MIME type in <c>Content-Type</c>
/// and a description in <c>X-Bunq-Attachment-Description</c>). <see cref="BunqSigningHandler"/> reads every signed body
/// once into a buffer of at most <see cref="MaxRequestBodyBytes"/> and signs exactly those bytes; the transport and any
/// retry send from that buffer, so a caller's stream — seekable or not — is never read twice. A body that cannot be read
/// whole (too large, or its stream fails) is refused with a <see cref="BunqException"/>, which is never retried.
/// </summary>
internal static class BunqRawBodies
{
    /// <summary>The largest request body the client signs: 64 MiB, far above any file bunq takes.</summary>
    public const long MaxRequestBodyBytes = 64L * 1024 * 1024;

    /// <summary>The header bunq reads an attachment's description from.</summary>
    public const string AttachmentDescription = "X-Bunq-Attachment-Description";

    /// <summary>
    /// Refuses a per-call header value a header cannot carry, by the rule of <see cref="BunqHeaderValues"/> (printable
    /// ASCII only): a CR or LF in a description or content type would end the header and start one of the caller's text.
    /// </summary>
    /// <exception cref="BunqConfigurationException">Names the header and the character's position, never the value.</exception>
    public static void CheckHeaders(HttpRequestMessage request)
    {
        Check(request.Headers.NonValidated, AttachmentDescription);
        if (request.Content is { } content)
        {
            Check(content.Headers.NonValidated, "Content-Type");
        }
    }

    /// <summary>Why a request body could not be read for signing, as an exception that is never retried.</summary>
    public static BunqException Unreadable(Exception inner) =>
        inner is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded }
            ? new BunqException($"The request body is larger than {MaxRequestBodyBytes} bytes, the most the client signs; nothing was sent.", inner)
            : new BunqException("The request body could not be read whole for signing; nothing was sent, and the call is not retried, since a stream may not be read twice.", inner);

    private static void Check(HttpHeadersNonValidated headers, string name)
    {
        if (!headers.TryGetValues(name, out HeaderStringValues values))
        {
            return;
        }

        foreach (string value in values)
        {
            int bad = BunqHeaderValues.IndexOfInvalid(value);
            if (bad >= 0)
            {
                throw new BunqConfigurationException(
                    $"The request header {name} has a character a header cannot carry (U+{(int)value[bad]:X4} at position {bad}): " +
                    "header values must be printable ASCII (U+0020 to U+007E), without control characters such as CR, LF or TAB. Nothing was sent.");
            }
        }
    }
}
