using System.Globalization;

namespace Bunq;

/// <summary>
/// Reads bunq request paths and route templates without splitting them into strings: an operation's facts
/// (<see cref="BunqOperationFacts"/>) are worked out from its template once, and from the path for every request made
/// without a template.
/// </summary>
internal static class BunqPath
{
    /// <summary>The part of <paramref name="path"/> after its last <c>v1</c> segment, or all of it when there is none.</summary>
    public static ReadOnlySpan<char> AfterVersion(ReadOnlySpan<char> path)
    {
        ReadOnlySpan<char> searched = path;
        int found;
        while ((found = searched.LastIndexOf("v1".AsSpan(), StringComparison.Ordinal)) >= 0)
        {
            bool segmentStart = found == 0 || path[found - 1] == '/';
            bool segmentEnd = found + 2 == path.Length || path[found + 2] == '/';
            if (segmentStart && segmentEnd)
            {
                return path[(found + 2)..];
            }

            searched = path[..(found + 1)];
        }

        return path;
    }

    /// <summary>The next non-empty segment of <paramref name="rest"/>, advancing it past that segment.</summary>
    public static bool NextSegment(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> segment)
    {
        rest = rest.TrimStart('/');
        if (rest.IsEmpty)
        {
            segment = default;
            return false;
        }

        int end = rest.IndexOf('/');
        segment = end < 0 ? rest : rest[..end];
        rest = end < 0 ? default : rest[end..];
        return true;
    }

    /// <summary>
    /// Whether a segment is an id — digits, a UUID (<c>attachment-public/{uuid}</c>), or a template's placeholder
    /// (<c>{userId}</c>; a path's braces arrive percent-encoded) — which the rate-limit key replaces by <c>{}</c>. An id
    /// left in the key would give every object its own limit (bunq counts per endpoint) and grow the client's table of
    /// limiters without bound.
    /// </summary>
    public static bool IsId(ReadOnlySpan<char> segment) =>
        long.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _)
        || (segment.Length == 36 && Guid.TryParseExact(segment, "D", out _))
        || (segment.Length >= 2 && segment[0] == '{' && segment[^1] == '}');

    /// <summary>The path after <c>v1</c> with ids and placeholders as <c>{}</c>: <c>/user/{}/payment</c>.</summary>
    public static string EndpointKey(ReadOnlySpan<char> path)
    {
        int length = EndpointKeyMaxLength(string.Empty, path);
        Span<char> key = length <= 512 ? stackalloc char[length] : new char[length];
        return new string(key[..WriteEndpointKey(default, path, key)]);
    }

    /// <summary>
    /// The most characters <see cref="WriteEndpointKey"/> writes for <paramref name="method"/> and <paramref name="path"/>:
    /// every id ("1", at least one character) may become "{}", so the verb, a space, a lone "/" and twice the path.
    /// </summary>
    public static int EndpointKeyMaxLength(ReadOnlySpan<char> method, ReadOnlySpan<char> path) => method.Length + 2 + (2 * path.Length);

    /// <summary>
    /// Writes <c>"{method} /a/{}/b"</c> (the path after <c>v1</c>, ids taken out; no verb and space when
    /// <paramref name="method"/> is empty) into <paramref name="destination"/>, which holds at least
    /// <see cref="EndpointKeyMaxLength"/> characters, and returns how many it wrote.
    /// </summary>
    public static int WriteEndpointKey(ReadOnlySpan<char> method, ReadOnlySpan<char> path, Span<char> destination)
    {
        int written = 0;
        if (!method.IsEmpty)
        {
            Append(method, destination, ref written);
            Append(" ", destination, ref written);
        }

        int start = written;
        ReadOnlySpan<char> rest = AfterVersion(path);
        while (NextSegment(ref rest, out ReadOnlySpan<char> segment))
        {
            Append("/", destination, ref written);
            Append(IsId(segment) ? "{}" : segment, destination, ref written);
        }

        if (written == start)
        {
            Append("/", destination, ref written);
        }

        return written;
    }

    private static void Append(ReadOnlySpan<char> value, Span<char> destination, ref int written)
    {
        value.CopyTo(destination[written..]);
        written += value.Length;
    }
}
