using System.Diagnostics;

namespace Bunq;

/// <summary>
/// One client span and one duration measurement per attempt, with the verified outcome the signing handler inside it
/// decided: status, bunq's response id, 429s and signature failures. Costs nothing when nobody listens.
/// </summary>
internal sealed class BunqTelemetryHandler(TimeProvider time) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        BunqTelemetry.Source.HasListeners() || BunqTelemetry.RequestDuration.Enabled || BunqTelemetry.RateLimitedResponses.Enabled
            || BunqTelemetry.SignatureFailures.Enabled
            ? SendObservedAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendObservedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The same message passes here once per attempt (retries and the resend after a session renewal reuse it).
        BunqCall call = BunqCall.Of(request);
        int attempt = ++call.Attempts;
        string method = call.Method.Method;
        // The route template, never the raw path: ids are personal data and would give every object its own series.
        string route = call.RouteTemplate;
        using Activity? activity = BunqTelemetry.Source.StartActivity(method + " " + route, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(BunqTelemetry.Method, method);
            activity.SetTag(BunqTelemetry.UrlTemplate, route);
            activity.SetTag(BunqTelemetry.ServerAddress, request.RequestUri!.Host);
            activity.SetTag(BunqTelemetry.Attempt, attempt);
            if (attempt > 1)
            {
                activity.SetTag(BunqTelemetry.ResendCount, attempt - 1);
            }
        }

        long started = time.GetTimestamp();
        int? status = null;
        string? errorType = null;
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            activity?.SetTag(BunqTelemetry.ResponseId, BunqResponseHeaders.ResponseId(response));
            return response;
        }
        catch (Exception e)
        {
            (status, errorType) = Classify(e);
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            string? responseId = e switch
            {
                BunqApiException api => api.ResponseId,
                BunqSignatureException signature => signature.ResponseId,
                _ => null,
            };
            activity?.SetTag(BunqTelemetry.ResponseId, responseId);

            throw;
        }
        finally
        {
            activity?.SetTag(BunqTelemetry.StatusCode, status);
            activity?.SetTag(BunqTelemetry.ErrorType, errorType);
            Record(method, route, status, errorType, time.GetElapsedTime(started));
        }
    }

    private static (int? Status, string ErrorType) Classify(Exception e)
    {
        switch (e)
        {
            case BunqRateLimitException:
                BunqTelemetry.RateLimitedResponses.Add(1);
                return (429, "429");
            case BunqApiException api:
                return (api.StatusCode, api.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case BunqSignatureException signature:
                BunqTelemetry.SignatureFailures.Add(1);
                return (signature.StatusCode, "signature");
            case OperationCanceledException:
                return (null, "canceled");
            default:
                return (null, e.GetType().FullName ?? "error");
        }
    }

    private static void Record(string method, string route, int? status, string? errorType, TimeSpan elapsed)
    {
        if (!BunqTelemetry.RequestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { BunqTelemetry.Method, method },
            { BunqTelemetry.UrlTemplate, route },
        };
        if (status is { } code)
        {
            tags.Add(BunqTelemetry.StatusCode, code);
        }

        if (errorType is not null)
        {
            tags.Add(BunqTelemetry.ErrorType, errorType);
        }

        BunqTelemetry.RequestDuration.Record(elapsed.TotalSeconds, tags);
    }
}
