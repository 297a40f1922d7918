using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunq;

/// <summary>Maps the endpoint bunq's callbacks are posted to.</summary>
public static class BunqCallbackEndpoints
{
    /// <summary>
    /// Receives bunq's callbacks at <paramref name="pattern"/> (POST): a caller outside
    /// <see cref="BunqCallbackOptions.AllowedCallers"/> gets 403, a body over <see cref="BunqCallbackOptions.MaxBodyBytes"/>
    /// 413, anything that is not bunq's <c>NotificationUrl</c> 400 — none of them reach <paramref name="handler"/>. The
    /// handler gets the callback unverified; 200 when it returns, 500 when it throws (so bunq tries again, up to 5 times,
    /// a minute apart: use <see cref="BunqUnverifiedCallback.EventKey"/> to skip a repeat).
    /// </summary>
    /// <example><code>
    /// app.UseForwardedHeaders(); // when behind a proxy: the allow-list sees the address it leaves
    /// app.MapBunqCallbacks("/bunq/callbacks", async (callback, cancellationToken) =>
    /// {
    ///     BunqEnvelopeItem payment = await callback.ConfirmAsync(bank.Connection, cancellationToken);
    /// });
    /// </code></example>
    public static IEndpointConventionBuilder MapBunqCallbacks(
        this IEndpointRouteBuilder endpoints, string pattern, Func<BunqUnverifiedCallback, CancellationToken, Task> handler, Action<BunqCallbackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        var options = new BunqCallbackOptions();
        configure?.Invoke(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBodyBytes, 1, nameof(configure));
        var receiver = new BunqCallbackReceiver(options, handler);
        return endpoints.MapPost(pattern, (RequestDelegate)receiver.HandleAsync);
    }
}
