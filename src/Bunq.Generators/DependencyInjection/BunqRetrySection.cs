namespace Bunq;

/// <summary><c>Bunq:Retry</c>: <c>MaxRetryAttempts</c>, <c>BaseDelay</c>, <c>RateLimitDelay</c>, <c>AttemptTimeout</c>, <c>TotalTimeout</c>; keys left out keep their defaults.</summary>
internal sealed class BunqRetrySection
{
    public int? MaxRetryAttempts { get; set; }

    public TimeSpan? BaseDelay { get; set; }

    public TimeSpan? RateLimitDelay { get; set; }

    public TimeSpan? AttemptTimeout { get; set; }

    public TimeSpan? TotalTimeout { get; set; }

    public BunqRetryOptions ApplyTo(BunqRetryOptions current) => new()
    {
        MaxRetryAttempts = MaxRetryAttempts is { } attempts ? (attempts >= 0 ? attempts : throw Invalid(nameof(MaxRetryAttempts), attempts)) : current.MaxRetryAttempts,
        BaseDelay = Positive(BaseDelay, nameof(BaseDelay)) ?? current.BaseDelay,
        RateLimitDelay = Positive(RateLimitDelay, nameof(RateLimitDelay)) ?? current.RateLimitDelay,
        AttemptTimeout = Positive(AttemptTimeout, nameof(AttemptTimeout)) ?? current.AttemptTimeout,
        TotalTimeout = Positive(TotalTimeout, nameof(TotalTimeout)) ?? current.TotalTimeout,
    };

    private static TimeSpan? Positive(TimeSpan? value, string key) =>
        value is not { } span || span > TimeSpan.Zero ? value : throw Invalid(key, span);

    private static BunqConfigurationException Invalid(string key, object value) =>
        new($"Bunq:Retry:{key} '{value}' is out of range: attempts cannot be negative and times must be positive.");
}
