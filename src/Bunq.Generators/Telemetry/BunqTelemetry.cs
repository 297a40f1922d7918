using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bunq;

/// <summary>
/// The library's traces and metrics, both named <see cref="Name"/>, with System.Diagnostics alone (no OpenTelemetry
/// dependency): an application turns them on with <c>AddSource("Bunq.Client")</c> and <c>AddMeter("Bunq.Client")</c>.
/// Names follow OpenTelemetry's semantic conventions; no tag ever holds a token, key, signature, body or raw path.
/// </summary>
internal static class BunqTelemetry
{
    public const string Name = "Bunq.Client";

    public static readonly ActivitySource Source = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Seconds per attempt on the wire, signature verification included (as <c>http.client.request.duration</c>).</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "bunq.client.request.duration", "s", "Duration of one attempt of a bunq call, verification included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30] });

    /// <summary>Seconds a call waited for a client-side rate-limit permit.</summary>
    public static readonly Histogram<double> RateLimitWait = Meter.CreateHistogram<double>(
        "bunq.client.rate_limiter.wait.duration", "s", "Time a bunq call waited for a permit of the client's rate limiter.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.01, 0.1, 0.5, 1, 2, 3, 5, 10, 30, 60] });

    /// <summary>429 answers from bunq.</summary>
    public static readonly Counter<long> RateLimitedResponses = Meter.CreateCounter<long>(
        "bunq.client.rate_limited_responses", "{response}", "429 Too Many Requests answers from bunq.");

    /// <summary>Sessions opened to replace one (expiring, or refused by bunq), not the first of a context.</summary>
    public static readonly Counter<long> SessionRenewals = Meter.CreateCounter<long>(
        "bunq.client.session.renewals", "{session}", "New bunq sessions opened to replace an expiring or refused one.");

    /// <summary>Responses refused because X-Bunq-Server-Signature was missing or did not match.</summary>
    public static readonly Counter<long> SignatureFailures = Meter.CreateCounter<long>(
        "bunq.client.signature.failures", "{response}", "bunq responses refused because their server signature was missing or wrong.");

    // Tag names: OpenTelemetry's HTTP client conventions where one exists, bunq.* for bunq's own.
    public const string Method = "http.request.method";
    public const string UrlTemplate = "url.template";
    public const string ServerAddress = "server.address";
    public const string StatusCode = "http.response.status_code";
    public const string ResendCount = "http.request.resend_count";
    public const string ErrorType = "error.type";
    public const string Attempt = "bunq.attempt";
    public const string ResponseId = "bunq.response_id";
    public const string Warning = "bunq.warning";
    public const string RenewalReason = "bunq.session.renewal_reason";

    private static string? Version => typeof(BunqTelemetry).Assembly.GetName().Version?.ToString(3);
}
