using System.Text;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// A hostile TLS server the client has pinned (so TLS is no defence): it redirects, announces huge bodies, sends
/// bodies without end. Each ends in a typed exception, and the client never follows the server elsewhere.
/// </summary>
public sealed class HostileServerTests
{
    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_not_followed_even_to_a_server_with_the_same_pinned_key(int status)
    {
        await using var elsewhere = new HostileTlsServer((_, stream, token) => Write(stream, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", token));
        // the same certificate: were the redirect followed, the pin would not stop it
        await using var hostile = new HostileTlsServer(
            (_, stream, token) => Write(stream, $"HTTP/1.1 {status} Moved\r\nLocation: {elsewhere.BaseAddress}sandbox-user-person\r\nContent-Length: 0\r\n\r\n", token),
            elsewhere.Certificate);

        await Assert.ThrowsAnyAsync<BunqException>(() => BunqSandbox.CreateUserAsync(hostile.Options()));
        await Assert.ThrowsAnyAsync<BunqException>(() => Bank.ConnectAsync(hostile.Options("sandbox_key"))); // POST /installation, with a body

        Assert.Equal(2, hostile.Requests);
        Assert.Equal(0, elsewhere.Connections);
    }

    [Fact]
    public async Task A_huge_announced_length_is_refused_before_the_body_is_read()
    {
        HostileTlsServer? server = null;
        await using var hostile = server = new HostileTlsServer(async (_, stream, token) =>
        {
            await Write(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1099511627776\r\n\r\n", token); // 1 TiB
            await server!.WriteEndlessChunksAsync(stream, token); // whatever it is, it never ends
        });
        BunqOptions options = hostile.Options();
        options.MaxResponseBodyBytes = 1 << 20;

        var e = await Assert.ThrowsAnyAsync<BunqException>(() => BunqSandbox.CreateUserAsync(options));

        Assert.Contains("announces 1099511627776 bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxResponseBodyBytes (1048576)", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, hostile.Requests); // not retried
    }

    [Fact]
    public async Task An_endless_body_is_cut_at_the_cap()
    {
        HostileTlsServer? server = null;
        await using var hostile = server = new HostileTlsServer(async (_, stream, token) =>
        {
            await Write(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", token);
            await server!.WriteEndlessChunksAsync(stream, token);
        });
        BunqOptions options = hostile.Options();
        options.MaxResponseBodyBytes = 1 << 20;

        var e = await Assert.ThrowsAnyAsync<BunqException>(() => BunqSandbox.CreateUserAsync(options));

        Assert.Contains("ran past that without a length", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, hostile.Requests); // not retried
        for (int i = 0; i < 100 && !hostile.ClientHungUp; i++)
        {
            await Task.Delay(50); // the server notices the hang-up on its next write
        }

        Assert.True(hostile.ClientHungUp);
        // what got onto the wire: the cap, plus what the sockets' buffers hold
        Assert.True(hostile.BytesSent < 32L << 20, $"{hostile.BytesSent} bytes sent before the client hung up");
    }

    private static Task Write(Stream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).AsTask();
}
