using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunq.OAuth;

/// <summary>
/// An OAuth app's settings for bunq's authorization-code flow: its client id and secret (from
/// <see cref="BunqOAuthClients"/> or bunq's developer portal), the registered redirect URI, and where bunq's OAuth hosts
/// are. Used by <see cref="BunqOAuth"/>.
/// </summary>
public sealed class BunqOAuthOptions
{
    /// <summary>bunq's production authorization page.</summary>
    public static readonly Uri ProductionAuthorizationEndpoint = new("https://oauth.bunq.com/auth");

    /// <summary>bunq's sandbox authorization page.</summary>
    public static readonly Uri SandboxAuthorizationEndpoint = new("https://oauth.sandbox.bunq.com/auth");

    /// <summary>bunq's production token endpoint.</summary>
    public static readonly Uri ProductionTokenEndpoint = new("https://api.oauth.bunq.com/v1/token");

    /// <summary>bunq's sandbox token endpoint.</summary>
    public static readonly Uri SandboxTokenEndpoint = new("https://api-oauth.sandbox.bunq.com/v1/token");

    /// <summary>The deployment whose OAuth hosts are used; ignored when both explicit endpoints are set.</summary>
    public BunqEnvironment Environment { get; set; } = BunqEnvironment.Sandbox;

    /// <summary>An explicit authorization page (an emulator's <c>OAuthAuthorizationEndpoint</c>); set together with <see cref="TokenEndpoint"/>.</summary>
    public Uri? AuthorizationEndpoint { get; set; }

    /// <summary>An explicit token endpoint (an emulator's <c>OAuthTokenEndpoint</c>); set together with <see cref="AuthorizationEndpoint"/>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>The OAuth client's <c>client_id</c>.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The OAuth client's <c>secret</c>; needed for the code exchange only. Never logged or put in a message.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Where bunq sends the user back: exactly one of the OAuth client's registered callback URLs.</summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>
    /// SPKI SHA-256 pins (<c>sha256/BASE64</c>) for the token endpoint. Empty means the platform's certificate validation
    /// alone: bunq publishes no pins for its OAuth hosts, and the API's pins are for other hosts.
    /// </summary>
    public IList<string> CertificatePins { get; } = new List<string>();

    /// <summary>Roots to build the token endpoint's chain to instead of the system's.</summary>
    public X509Certificate2Collection? TrustedRoots { get; set; }

    /// <summary>Allows <c>http://</c> endpoints on loopback, for tests only. Any other <c>http://</c> endpoint is refused regardless.</summary>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>Where the exchange logs (event ids 3xxx); never receives the code, the secret or the token.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>The effective authorization page, validated.</summary>
    /// <exception cref="BunqConfigurationException">Only one explicit endpoint is set, or it is not HTTPS.</exception>
    public Uri ResolveAuthorizationEndpoint() =>
        Resolve(AuthorizationEndpoint, Environment == BunqEnvironment.Production ? ProductionAuthorizationEndpoint : SandboxAuthorizationEndpoint);

    /// <summary>The effective token endpoint, validated.</summary>
    /// <exception cref="BunqConfigurationException">Only one explicit endpoint is set, or it is not HTTPS.</exception>
    public Uri ResolveTokenEndpoint() =>
        Resolve(TokenEndpoint, Environment == BunqEnvironment.Production ? ProductionTokenEndpoint : SandboxTokenEndpoint);

    private Uri Resolve(Uri? explicitEndpoint, Uri environmentEndpoint)
    {
        // Half an override would send the user to one deployment and the code to another.
        if ((AuthorizationEndpoint is null) != (TokenEndpoint is null))
        {
            throw new BunqConfigurationException("Set both AuthorizationEndpoint and TokenEndpoint, or neither (then Environment decides).");
        }

        Uri endpoint = explicitEndpoint ?? environmentEndpoint;
        BunqTransportSecurity.EnsureAllowed(endpoint, AllowInsecureLoopback);
        if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
        {
            throw new BunqConfigurationException($"The OAuth endpoint {endpoint.GetLeftPart(UriPartial.Path)} must not carry a query or fragment of its own.");
        }

        return endpoint;
    }

    /// <summary>The client id and redirect URI, checked before they go into a URL.</summary>
    internal (string ClientId, Uri RedirectUri) ResolveClient()
    {
        if (string.IsNullOrWhiteSpace(ClientId) || ClientId.Any(char.IsControl))
        {
            throw new BunqConfigurationException("BunqOAuthOptions.ClientId is required (the OAuth client's client_id).");
        }

        if (RedirectUri is not { IsAbsoluteUri: true } redirect || !string.IsNullOrEmpty(redirect.Fragment))
        {
            throw new BunqConfigurationException("BunqOAuthOptions.RedirectUri must be an absolute URL without a fragment, registered as a callback URL of the OAuth client.");
        }

        return (ClientId, redirect);
    }

    /// <summary>The client secret, required for the exchange.</summary>
    internal string ResolveClientSecret() =>
        string.IsNullOrEmpty(ClientSecret)
            ? throw new BunqConfigurationException("BunqOAuthOptions.ClientSecret is required to exchange a code (the OAuth client's secret).")
            : ClientSecret;
}
