using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Bunq.OAuth;

/// <summary>
/// bunq's OAuth authorization-code flow for an app acting for other bunq users: build the authorization URL, and exchange
/// the code the user comes back with for an access token (bunq-protocol.md §10.1). Then connect with the token as the
/// API key, as for any context.
/// </summary>
/// <example><code>
/// string state = BunqOAuth.CreateState();                      // keep it with the user's session
/// Uri login = BunqOAuth.GetAuthorizationUri(oauth, state);     // send the user there
/// // ... bunq redirects to oauth.RedirectUri?code=...&amp;state=...
/// BunqOAuthToken token = await BunqOAuth.ExchangeCodeAsync(oauth, callbackUri, state);
/// await using var bank = await Bank.ConnectAsync(new BunqOptions { ApiKey = token.AccessToken.Reveal() });
/// </code></example>
public static class BunqOAuth
{
    /// <summary>Token responses are a few hundred bytes; anything far larger is not one.</summary>
    private const int MaxResponseBytes = 64 * 1024;

    /// <summary>The log category of the OAuth exchange.</summary>
    public const string LogCategory = "Bunq.OAuth";

    /// <summary>A fresh <c>state</c> value: 32 random bytes, base64url. Keep it with the user's session until the callback.</summary>
    public static string CreateState() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The URL to send the user to: <c>{authorization endpoint}?response_type=code&amp;client_id=…&amp;redirect_uri=…&amp;state=…</c>,
    /// every value URL-encoded.
    /// </summary>
    /// <param name="options">The app's OAuth settings.</param>
    /// <param name="state">The value the callback must carry back; use <see cref="CreateState"/>.</param>
    /// <exception cref="BunqConfigurationException">The options are not usable.</exception>
    /// <exception cref="ArgumentException"><paramref name="state"/> is empty.</exception>
    public static Uri GetAuthorizationUri(BunqOAuthOptions options, string state)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(state);
        (string clientId, Uri redirectUri) = options.ResolveClient();
        return WithQuery(options.ResolveAuthorizationEndpoint(),
            ("response_type", "code"), ("client_id", clientId), ("redirect_uri", redirectUri.OriginalString), ("state", state));
    }

    /// <summary>
    /// Reads the callback bunq redirected the user to, checks its <c>state</c> against the one the app kept, and exchanges
    /// its <c>code</c> at the token endpoint (a POST with the parameters in the query string and no body, over HTTPS with
    /// the options' pins).
    /// </summary>
    /// <param name="options">The app's OAuth settings, with the client secret.</param>
    /// <param name="callbackUri">The URL bunq redirected to (its query is what counts).</param>
    /// <param name="expectedState">The state put into the authorization URL for this user.</param>
    /// <param name="httpClient">
    /// A client to send with (from <c>IHttpClientFactory</c>, its primary handler from <see cref="CreateTransport"/>);
    /// null makes a pinned one for this call.
    /// </param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <exception cref="BunqOAuthException">
    /// The callback carries an error or the wrong state (then nothing is sent and the code is untouched), or bunq refused the
    /// exchange (<see cref="BunqOAuthException.Error"/> is bunq's OAuth error code).
    /// </exception>
    /// <exception cref="BunqConfigurationException">The options are not usable.</exception>
    /// <exception cref="BunqPinningException">The token endpoint's certificate matches none of the pins.</exception>
    public static async Task<BunqOAuthToken> ExchangeCodeAsync(
        BunqOAuthOptions options, Uri callbackUri, string expectedState, HttpClient? httpClient = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(callbackUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedState);
        (string clientId, Uri redirectUri) = options.ResolveClient();
        string secret = options.ResolveClientSecret();
        Uri tokenEndpoint = options.ResolveTokenEndpoint();
        ILogger logger = options.LoggerFactory.CreateLogger(LogCategory);

        BunqOAuthCallback callback = BunqOAuthCallback.Parse(callbackUri);
        if (!StateMatches(callback.State, expectedState))
        {
            BunqOAuthLog.StateMismatch(logger, callback.State is null);
            throw new BunqOAuthException(BunqOAuthException.StateMismatch,
                callback.State is null ? "The callback carries no state." : "The callback's state is not the one this app sent.", statusCode: null);
        }

        if (callback.Error is not null)
        {
            throw new BunqOAuthException(callback.Error, callback.ErrorDescription, statusCode: null);
        }

        string code = callback.Code ?? throw new BunqOAuthException("invalid_request", "The callback carries no code.", statusCode: null);
        Uri request = WithQuery(tokenEndpoint,
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri.OriginalString), ("client_id", clientId), ("client_secret", secret));

        BunqOAuthLog.Exchanging(logger, tokenEndpoint.Host);
        HttpClient? owned = httpClient is null ? new HttpClient(CreateTransport(options), disposeHandler: true) : null;
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request);
            using HttpResponseMessage response = await (httpClient ?? owned!).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            byte[] body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            try
            {
                BunqOAuthToken token = BunqOAuthTokenResponse.Read((int)response.StatusCode, body, [code, secret]);
                BunqOAuthLog.Exchanged(logger, tokenEndpoint.Host);
                return token;
            }
            catch (BunqOAuthException e)
            {
                BunqOAuthLog.Refused(logger, tokenEndpoint.Host, e.StatusCode ?? 0, e.Error);
                throw;
            }
        }
        finally
        {
            owned?.Dispose();
        }
    }

    /// <summary>
    /// The pinned TLS transport for the token endpoint, for an <c>IHttpClientFactory</c> client's primary handler
    /// (<c>ConfigurePrimaryHttpMessageHandler(() =&gt; BunqOAuth.CreateTransport(options))</c>).
    /// </summary>
    /// <exception cref="BunqConfigurationException">A pin is malformed.</exception>
    public static HttpMessageHandler CreateTransport(BunqOAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        BunqPinSet pins = options.CertificatePins.Count > 0 ? BunqPinSet.Parse(options.CertificatePins) : BunqPinSet.None;
        return new BunqPinnedTransport(pins, localAddress: null, options.LoggerFactory.CreateLogger(LogCategory), options.TrustedRoots);
    }

    // The state is the app's CSRF defence; compared in constant time like any secret.
    private static bool StateMatches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static Uri WithQuery(Uri endpoint, params (string Name, string Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach ((string name, string value) in parameters)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return new Uri(endpoint.GetLeftPart(UriPartial.Path) + query);
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new BunqOAuthException(BunqOAuthException.InvalidResponse, $"The token endpoint's answer is larger than {MaxResponseBytes} bytes.", statusCode: null);
        }

        using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw new BunqOAuthException(BunqOAuthException.InvalidResponse, $"The token endpoint's answer is larger than {MaxResponseBytes} bytes.", statusCode: null);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
