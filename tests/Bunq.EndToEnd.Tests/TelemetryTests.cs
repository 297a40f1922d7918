using System.Diagnostics;
using Bunq.Emulator;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bunq.EndToEnd.Tests;

/// <summary>Listeners are process-wide: these tests run alone, so every span and measurement seen is theirs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// <summary>The ActivitySource and Meter named Bunq.Client, collected with OpenTelemetry's in-memory exporter, over TLS.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Every_attempt_is_a_span_with_its_route_template_and_the_instruments_count_waits_429s_renewals_and_bad_signatures()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource("Bunq.Client").AddInMemoryExporter(spans).Build()!;
        using MeterProvider meters = Sdk.CreateMeterProviderBuilder().AddMeter("Bunq.Client").AddInMemoryExporter(metrics).Build()!;
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = bunq.CreateSandboxUser();
        BunqOptions options = GeneratedClientTests.Options(bunq, apiKey);
        options.Retry = new BunqRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), RateLimitDelay = TimeSpan.FromMilliseconds(1) };
        // The limiter stays on (its waits are measured) but lets this test's second session-server call through at once.
        options.RateLimits = new BunqRateLimits
        {
            PerEndpoint = new Dictionary<string, BunqRateLimit>(StringComparer.OrdinalIgnoreCase) { ["POST /session-server"] = new(10, TimeSpan.FromSeconds(3)) },
        };

        await using Bank bank = await Bank.ConnectAsync(options);
        long userId = bank.UserId;
        bunq.Faults.Inject(new BunqFault(BunqFaultKind.RateLimited, PathContains: "monetary-account-bank"));
        await bank.MonetaryAccounts.ListAsync(userId); // 429, then retried
        bunq.Faults.Inject(new BunqFault(BunqFaultKind.TamperBody, PathContains: "monetary-account-bank"));
        await Assert.ThrowsAsync<BunqSignatureException>(() => bank.MonetaryAccounts.ListAsync(userId));
        bunq.EndAllSessions();
        await bank.Users.ListAsync(); // 401, renewal, resend
        string sessionToken = bank.Connection.Context!.Session!.Token.Reveal();
        tracing.ForceFlush();
        meters.ForceFlush();

        // Context calls go through the same pipeline: they are spans too.
        Assert.Equal(2, spans.Count(s => s.DisplayName == "POST /session-server"));
        Assert.Contains(spans, s => s.DisplayName == "POST /installation");
        List<Activity> accounts = spans.Where(s => s.DisplayName == "GET /user/{userId}/monetary-account-bank").ToList();
        Assert.Equal(3, accounts.Count);
        Assert.All(accounts, s => Assert.Equal(ActivityKind.Client, s.Kind));
        Assert.Equal([1, 2, 1], accounts.Select(s => (int)s.GetTagItem("bunq.attempt")!));
        Assert.Equal([429, 200, 200], accounts.Select(s => (int)s.GetTagItem("http.response.status_code")!));
        Assert.Equal(["429", null, "signature"], accounts.Select(s => (string?)s.GetTagItem("error.type")));
        Assert.Equal(1, accounts[1].GetTagItem("http.request.resend_count"));
        Assert.All(accounts, s => Assert.Equal("/user/{userId}/monetary-account-bank", s.GetTagItem("url.template")));
        Assert.All(accounts, s => Assert.False(string.IsNullOrEmpty((string?)s.GetTagItem("bunq.response_id"))));
        List<Activity> users = spans.Where(s => s.DisplayName == "GET /user").ToList();
        Assert.Equal([401, 200], users.Select(s => (int)s.GetTagItem("http.response.status_code")!));

        // Never a secret, a signature, a body or a raw path with ids.
        string id = userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (KeyValuePair<string, object?> tag in spans.SelectMany(s => s.TagObjects))
        {
            string value = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            Assert.DoesNotContain(apiKey, value, StringComparison.Ordinal);
            Assert.DoesNotContain(sessionToken, value, StringComparison.Ordinal);
            Assert.DoesNotContain("/" + id + "/", value, StringComparison.Ordinal);
        }

        Assert.Equal(1, Sum(metrics, "bunq.client.rate_limited_responses"));
        Assert.Equal(1, Sum(metrics, "bunq.client.signature.failures"));
        Assert.Equal(1, Sum(metrics, "bunq.client.session.renewals", ("bunq.session.renewal_reason", "refused")));
        Assert.Equal(spans.Count, HistogramCount(metrics, "bunq.client.request.duration"));
        Assert.True(HistogramCount(metrics, "bunq.client.rate_limiter.wait.duration") >= 8, "every limited attempt waits (if only 0 s) for its permit");
        Assert.Equal("s", metrics.First(m => m.Name == "bunq.client.request.duration").Unit);
    }

    private static long Sum(List<Metric> metrics, string name, (string Key, string Value)? tag = null)
    {
        long sum = 0;
        foreach (Metric metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
            {
                if (tag is null || HasTag(point, tag.Value))
                {
                    sum += point.GetSumLong();
                }
            }
        }

        return sum;
    }

    private static long HistogramCount(List<Metric> metrics, string name)
    {
        long count = 0;
        foreach (Metric metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
            {
                count += point.GetHistogramCount();
            }
        }

        return count;
    }

    private static bool HasTag(MetricPoint point, (string Key, string Value) wanted)
    {
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            if (tag.Key == wanted.Key && Equals(tag.Value, wanted.Value))
            {
                return true;
            }
        }

        return false;
    }
}
