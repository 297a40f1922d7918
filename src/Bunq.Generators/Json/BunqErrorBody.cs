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

    // Whoever sent a body that is not bunq's error JSON, it is shown only as a short, cleaned excerpt.
    private static string Excerpt(ReadOnlySpan<byte> body)
    {
        bool cut = body.Length > MaxExcerpt * 4;
        string text = BunqUntrustedText.Clean(Encoding.UTF8.GetString(cut ? body[..(MaxExcerpt * 4)] : body), MaxExcerpt);
        return "Non-JSON error body: " + (cut && !text.EndsWith('…') ? text + "…" : text);
    }
}
