namespace Bunq;

/// <summary>
/// <c>Bunq:RateLimits</c>: <c>Enabled</c>, <c>Margin</c>, <c>QueueLimit</c>, and <c>PerMethod:GET</c> /
/// <c>PerEndpoint:POST /session-server</c> entries of <c>Permits</c> and <c>Window</c>. An entry replaces the default of
/// its key; keys not named keep theirs.
/// </summary>
internal sealed class BunqRateLimitsSection
{
    public bool? Enabled { get; set; }

    public TimeSpan? Margin { get; set; }

    public int? QueueLimit { get; set; }

    public Dictionary<string, BunqRateLimitSection> PerMethod { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, BunqRateLimitSection> PerEndpoint { get; } = new(StringComparer.OrdinalIgnoreCase);

    public BunqRateLimits ApplyTo(BunqRateLimits current) => new()
    {
        Enabled = Enabled ?? current.Enabled,
        Margin = Margin is { } margin && margin >= TimeSpan.Zero ? margin : Margin is null ? current.Margin : throw Invalid("Margin", Margin),
        QueueLimit = QueueLimit is { } queue && queue >= 0 ? queue : QueueLimit is null ? current.QueueLimit : throw Invalid("QueueLimit", QueueLimit),
        PerMethod = Merge(current.PerMethod, PerMethod, "PerMethod"),
        PerEndpoint = Merge(current.PerEndpoint, PerEndpoint, "PerEndpoint"),
    };

    private static Dictionary<string, BunqRateLimit> Merge(IDictionary<string, BunqRateLimit> current, Dictionary<string, BunqRateLimitSection> configured, string name)
    {
        var merged = new Dictionary<string, BunqRateLimit>(current, StringComparer.OrdinalIgnoreCase);
        foreach ((string key, BunqRateLimitSection limit) in configured)
        {
            merged[key] = limit is { Permits: > 0 and int permits, Window: { } window } && window > TimeSpan.Zero
                ? new BunqRateLimit(permits, window)
                : throw new BunqConfigurationException($"Bunq:RateLimits:{name}:{key} needs Permits (at least 1) and Window (a positive time span such as 00:00:03).");
        }

        return merged;
    }

    private static BunqConfigurationException Invalid(string key, object? value) =>
        new($"Bunq:RateLimits:{key} '{value}' is out of range; it cannot be negative.");
}

/// <summary>One <c>Permits</c> per <c>Window</c> entry of <see cref="BunqRateLimitsSection"/>.</summary>
internal sealed class BunqRateLimitSection
{
    public int? Permits { get; set; }

    public TimeSpan? Window { get; set; }
}
