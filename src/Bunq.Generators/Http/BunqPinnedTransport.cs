using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunq;

/// <summary>
/// The primary (socket-level) handler for bunq: HTTPS with host-name verification and SPKI pinning. A pin mismatch
/// fails the TLS handshake, so no request byte is ever sent, and surfaces as <see cref="BunqPinningException"/> naming
/// the host and the pins it presented.
/// </summary>
internal sealed class BunqPinnedTransport : DelegatingHandler
{
    private readonly BunqPinSet _pins;
    private readonly ILogger _logger;

    // The validation callback runs per connection, not per request; remember the last refusal per host so the
    // request that fails on that connection can say why.
    private readonly ConcurrentDictionary<string, string[]> _refusals;

    // False for a view made by Share(): the connection pool is the shared transport's to release.
    private readonly bool _ownsConnections;

    /// <summary>Creates the transport. With an empty pin set the platform's validation alone decides.</summary>
    /// <param name="pins">The pin set.</param>
    /// <param name="localAddress">The local address to bind connections to; null for the system's choice.</param>
    /// <param name="logger">Where to log; nothing by default.</param>
    /// <param name="trustedRoots">Roots to validate the chain against instead of the system's; null for the system's.</param>
    public BunqPinnedTransport(BunqPinSet pins, IPAddress? localAddress = null, ILogger? logger = null, X509Certificate2Collection? trustedRoots = null)
    {
        ArgumentNullException.ThrowIfNull(pins);
        _pins = pins;
        _logger = logger ?? NullLogger.Instance;
        _refusals = new(StringComparer.OrdinalIgnoreCase);
        _ownsConnections = true;
        var sockets = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        sockets.SslOptions.RemoteCertificateValidationCallback = Validate;
        if (trustedRoots is not null)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(trustedRoots);
            sockets.SslOptions.CertificateChainPolicy = policy;
        }

        if (localAddress is not null)
        {
            sockets.ConnectCallback = (context, token) => ConnectFromAsync(localAddress, context, token);
        }

        InnerHandler = sockets;
    }

    private BunqPinnedTransport(BunqPinnedTransport shared)
    {
        _pins = shared._pins;
        _logger = shared._logger;
        _refusals = shared._refusals;
        _ownsConnections = false;
        InnerHandler = shared.InnerHandler!; // set by the constructor that made the shared transport
    }

    /// <summary>
    /// A view on this transport's connections, for <c>IHttpClientFactory</c>, which disposes the primary handlers it
    /// rotates out: a client's endpoint chains and its context calls then share one pool and one pin check, and
    /// disposing a view leaves the pool to this transport.
    /// </summary>
    public BunqPinnedTransport Share() => new(this);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_ownsConnections)
        {
            base.Dispose(disposing);
        }
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (HasAuthenticationCause(e) && _refusals.TryGetValue(request.RequestUri!.Host, out string[]? presented))
        {
            string host = request.RequestUri.Host;
            BunqLog.PinMismatch(_logger, host);
            string message = presented.Length == 0
                ? $"The server at {host} presented no certificate or a certificate for another host name; the request was not sent."
                : $"The certificate of {host} does not match the pinned keys ({_pins}); it presented {string.Join(", ", presented)}. " +
                  "The request was not sent. If bunq rotated its key, add the new pin to CertificatePins.";
            throw new BunqPinningException(message, host, presented, e);
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        string host = (sender as SslStream)?.TargetHostName ?? string.Empty;
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            _refusals[host] = [];
            return false;
        }

        if (_pins.IsEmpty)
        {
            return errors == SslPolicyErrors.None;
        }

        using var leaf = new X509Certificate2(certificate);
        var presented = new List<string> { BunqPinSet.PinOf(leaf) };
        bool chainTrusted = (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        if (chain is not null)
        {
            foreach (X509ChainElement element in chain.ChainElements.Skip(1))
            {
                presented.Add(BunqPinSet.PinOf(element.Certificate));
            }
        }

        // The leaf's own key is proof enough (it holds the private key the handshake used). A key further up counts
        // only when the platform built a trusted chain to it; otherwise anyone could append a pinned CA to their chain.
        bool accepted = _pins.Contains(presented[0]) || (chainTrusted && presented.Skip(1).Any(_pins.Contains));
        if (!accepted)
        {
            _refusals[host] = presented.ToArray();
        }
        else
        {
            _refusals.TryRemove(host, out _);
        }

        return accepted;
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress localAddress, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(localAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(localAddress, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool HasAuthenticationCause(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
