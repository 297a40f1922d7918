using System.Globalization;

namespace Bunq;

/// <summary>
/// Reads bunq request paths without allocating: every request passes through here twice (token kind and rate-limit
/// key), so splitting the path into strings would cost more than the rest of the handler pipeline's own work.
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
    /// Whether a segment is an id — digits, or a UUID (<c>attachment-public/{uuid}</c>) — which the rate-limit key
    /// replaces by <c>{}</c>. An id left in the key would give every object its own limit (bunq counts per endpoint) and
    /// grow the client's table of limiters without bound.
    /// </summary>
    public static bool IsId(ReadOnlySpan<char> segment) =>
        long.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _)
        || (segment.Length == 36 && Guid.TryParseExact(segment, "D", out _));

    /// <summary>
    /// Writes <c>"{method} /a/{}/b"</c> (the path after <c>v1</c>, ids taken out) into <paramref name="destination"/>;
    /// false when it does not fit.
    /// </summary>
    public static bool TryWriteEndpointKey(ReadOnlySpan<char> method, ReadOnlySpan<char> path, Span<char> destination, out int written)
    {
        written = 0;
        if (!method.IsEmpty && (!Append(method, destination, ref written) || !Append(" ", destination, ref written)))
        {
            return false;
        }

        int start = written;
        ReadOnlySpan<char> rest = AfterVersion(path);
        while (NextSegment(ref rest, out ReadOnlySpan<char> segment))
        {
            if (!Append("/", destination, ref written) || !Append(IsId(segment) ? "{}" : segment, destination, ref written))
            {
                return false;
            }
        }

        return written > start || Append("/", destination, ref written);
    }

    private static bool Append(ReadOnlySpan<char> value, Span<char> destination, ref int written)
    {
        if (!value.TryCopyTo(destination[written..]))
        {
            return false;
        }

        written += value.Length;
        return true;
    }
}
