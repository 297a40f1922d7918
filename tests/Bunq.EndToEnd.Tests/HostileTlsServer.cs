using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// A TLS server on loopback that answers every request with whatever the test writes on the raw stream: redirects,
/// lying lengths, bodies without end. It counts connections and requests so a test can show what the client never did.
/// </summary>
internal sealed class HostileTlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly Func<string, Stream, CancellationToken, Task> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;
    private int _requests;
    private long _bytesSent;
    private bool _hungUp;

    /// <param name="answer">Writes the raw HTTP/1.1 answer to a request (its request line given) on the TLS stream.</param>
    /// <param name="certificate">The certificate to present; a fresh self-signed one for 127.0.0.1 when null.</param>
    public HostileTlsServer(Func<string, Stream, CancellationToken, Task> answer, X509Certificate2? certificate = null)
    {
        _answer = answer;
        _certificate = certificate ?? CreateCertificate();
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");

    public X509Certificate2 Certificate => _certificate;

    public string Pin => BunqPinSet.PinOf(_certificate);

    /// <summary>Client options for this server: its address, its certificate pinned, and <paramref name="apiKey"/>.</summary>
    public BunqOptions Options(string? apiKey = null)
    {
        var options = new BunqOptions { BaseAddress = BaseAddress, ApiKey = apiKey };
        options.CertificatePins.Add(Pin);
        return options;
    }

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Body bytes endless answers got onto the wire before the client closed the connection.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Whether the client closed the connection while an endless answer was still being written.</summary>
    public bool ClientHungUp => Volatile.Read(ref _hungUp);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    /// <summary>Writes an endless chunked body, counting what gets through, until the client hangs up.</summary>
    public async Task WriteEndlessChunksAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] chunk = Encoding.ASCII.GetBytes("4000\r\n" + new string('x', 0x4000) + "\r\n");
        try
        {
            while (true)
            {
                await stream.WriteAsync(chunk, cancellationToken);
                Interlocked.Add(ref _bytesSent, 0x4000);
            }
        }
        catch (IOException)
        {
            Volatile.Write(ref _hungUp, true);
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=hostile", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                string requestLine = await ReadRequestAsync(tls, _stop.Token);
                Interlocked.Increment(ref _requests);
                await _answer(requestLine, tls, _stop.Token);
                await tls.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or AuthenticationException or ObjectDisposedException)
            {
                // the client went away, refused the certificate, or the test ended
            }
        }
    }

    /// <summary>Reads the request's head and, by its Content-Length, its body; returns the request line.</summary>
    private static async Task<string> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        byte[] one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("closed before the request ended");
            }

            head.Append((char)one[0]);
        }

        string[] lines = head.ToString().Split("\r\n");
        string? length = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        int remaining = length is null ? 0 : int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        byte[] body = new byte[remaining];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return lines[0];
    }
}
