using System.Text;
using System.Text.Json;

namespace Bunq;

/// <summary>Reads bunq's <c>{"Error":[{"error_description":"..."}]}</c>, and anything else readably.</summary>
internal static class BunqErrorBody
{
    private const int MaxExcerpt = 300;

    public static IReadOnlyList<string> Describe(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Error", out JsonElement errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                var descriptions = new List<string>();
                foreach (JsonElement error in errors.EnumerateArray())
                {
                    if (error.ValueKind == JsonValueKind.Object
                        && error.TryGetProperty("error_description", out JsonElement text)
                        && text.ValueKind == JsonValueKind.String)
                    {
                        descriptions.Add(text.GetString()!);
                    }
                }

                if (descriptions.Count > 0)
                {
                    return descriptions;
                }
            }
        }
        catch (JsonException)
        {
            // not JSON: fall through to a plain-text excerpt
        }

        return [Excerpt(body)];
    }

    private static string Excerpt(ReadOnlySpan<byte> body)
    {
        string text = Encoding.UTF8.GetString(body.Length > MaxExcerpt * 4 ? body[..(MaxExcerpt * 4)] : body);
        var builder = new StringBuilder("Non-JSON error body: ");
        foreach (char c in text.AsSpan(0, Math.Min(text.Length, MaxExcerpt)))
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        if (text.Length > MaxExcerpt || body.Length > MaxExcerpt * 4)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }
}
