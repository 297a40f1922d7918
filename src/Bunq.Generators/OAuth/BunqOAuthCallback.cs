namespace Bunq.OAuth;

/// <summary>The parameters of the redirect bunq sends the user back with. A parameter given twice counts as absent.</summary>
internal sealed record BunqOAuthCallback(string? Code, string? State, string? Error, string? ErrorDescription)
{
    public static BunqOAuthCallback Parse(Uri callbackUri)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        string text = callbackUri.IsAbsoluteUri ? callbackUri.Query : callbackUri.OriginalString;
        int start = text.IndexOf('?');
        string query = start < 0 ? string.Empty : text[(start + 1)..];
        int fragment = query.IndexOf('#');
        query = fragment < 0 ? query : query[..fragment];
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string name = Decode(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            // RFC 6749 §3.1: parameters must not repeat; a repeated one is not trusted either way.
            values[name] = values.ContainsKey(name) ? null : value;
        }

        string? error = Get("error");
        return new BunqOAuthCallback(
            Get("code"),
            Get("state"),
            error is null ? null : BunqOAuthText.ErrorCode(error),
            Get("error_description") is { } description ? BunqOAuthText.Clean(description, []) : null);

        string? Get(string name) => values.TryGetValue(name, out string? value) && !string.IsNullOrEmpty(value) ? value : null;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    /// <summary>Hides the code.</summary>
    public override string ToString() => $"BunqOAuthCallback(code: {(Code is null ? "none" : "***")}, error: {Error ?? "none"})";
}
