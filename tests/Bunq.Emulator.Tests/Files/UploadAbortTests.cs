using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Bunq.Emulator.Tests;

/// <summary>
/// A client that goes away in the middle of an upload, over TLS on loopback as a real one does: the emulator treats it
/// as the ordinary event it is — no emulator fault logged or listed, nothing half-stored (no attachment, on disk or
/// readable), the request in the log as 499 (client closed request) — and goes on answering. A body whose chunks do not
/// parse, from a client still there, is answered 400 in bunq's error shape, signed.
/// </summary>
public sealed class UploadAbortTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunq-emulator-abort-").FullName;

    /// <summary>How the client goes away after part of the body.</summary>
    public enum Going
    {
        /// <summary>A TCP reset: the connection is gone at once.</summary>
        Reset,

        /// <summary>TLS and the socket closed in order.</summary>
        Close,

        /// <summary>TLS closed and the socket shut for sending only, reading on for an answer.</summary>
        HalfClose,
    }

    [Theory]
    [InlineData(Going.Reset, false)]
    [InlineData(Going.Close, false)]
    [InlineData(Going.HalfClose, false)]
    [InlineData(Going.Reset, true)]
    [InlineData(Going.Close, true)]
    [InlineData(Going.HalfClose, true)]
    public async Task A_client_that_disconnects_mid_upload_leaves_no_attachment_and_no_emulator_fault(Going going, bool chunked)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = _directory });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await ListingTests.MainAccountAsync(client);
        string path = $"/v1/user/{client.UserId}/monetary-account/{account}/attachment";
        int before = bunq.Requests.Count;

        string answer;
        using (Socket socket = await ConnectAsync(bunq))
        using (SslStream tls = await SendHeadAsync(bunq, socket, client.SessionToken!, path, chunked ? "Transfer-Encoding: chunked" : "Content-Length: 200000", "Expect: 100-continue"))
        {
            // The 100 Continue comes when the emulator starts reading the body: it is reading when the client goes.
            Assert.StartsWith("HTTP/1.1 100 Continue", await ReadSomeAsync(tls), StringComparison.Ordinal);
            if (chunked)
            {
                await tls.WriteAsync("30d40\r\n"u8.ToArray()); // a chunk of 200,000 bytes, of which 50,000 come
            }

            await tls.WriteAsync(new byte[50_000]);
            await tls.FlushAsync();
            answer = await GoAsync(socket, tls, going);
        }

        EmulatorRequest logged = await LoggedAsync(bunq, before);
        string page = await InspectorTests.InspectorPageAsync(bunq);
        Assert.Equal(("POST", path, 499), (logged.Method, logged.Path, logged.Status));
        Assert.Equal(string.Empty, answer); // even a client reading on: the server takes the end of its input as the client closing
        Assert.DoesNotContain("Unexpected errors", page, StringComparison.Ordinal);
        string attachments = Path.Combine(_directory, "attachments");
        Assert.False(Directory.Exists(attachments) && Directory.EnumerateFiles(attachments).Any());

        // The emulator goes on: the same upload, whole, is taken.
        using var raw = new RawWire(bunq);
        RawAnswer whole = await raw.UploadAsync(client, path["/v1/".Length..], new byte[1000], "image/png", "whole");
        Assert.Equal(200, whole.Status);
    }

    [Fact]
    public async Task An_upload_whose_chunks_do_not_parse_is_a_signed_400_in_bunqs_error_shape_and_keeps_nothing()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = _directory });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await ListingTests.MainAccountAsync(client);
        string path = $"/v1/user/{client.UserId}/monetary-account/{account}/attachment";
        int before = bunq.Requests.Count;

        string answer;
        using (Socket socket = await ConnectAsync(bunq))
        using (SslStream tls = await SendHeadAsync(bunq, socket, client.SessionToken!, path, "Transfer-Encoding: chunked"))
        {
            await tls.WriteAsync("zz\r\nnot a chunk\r\n"u8.ToArray()); // "zz" is no hexadecimal chunk size
            await tls.FlushAsync();
            answer = await ReadToEndAsync(tls);
        }

        Assert.StartsWith("HTTP/1.1 400 ", answer, StringComparison.Ordinal);
        Assert.Contains("X-Bunq-Server-Signature: ", answer, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("{\"Error\":[{\"error_description\":\"The request body could not be read: its framing (chunked encoding) is malformed. Nothing was kept.\","
            + "\"error_description_translated\":\"The request body could not be read: its framing (chunked encoding) is malformed. Nothing was kept.\"}]}", answer, StringComparison.Ordinal);
        Assert.Equal(400, (await LoggedAsync(bunq, before)).Status);
        Assert.DoesNotContain("Unexpected errors", await InspectorTests.InspectorPageAsync(bunq), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "attachments")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<Socket> ConnectAsync(BunqEmulator bunq)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(bunq.BaseAddress.Host, bunq.BaseAddress.Port);
        return socket;
    }

    /// <summary>TLS over <paramref name="socket"/> (the test trusts the emulator's certificate), then an upload's headers with its body's framing.</summary>
    private static async Task<SslStream> SendHeadAsync(BunqEmulator bunq, Socket socket, string token, string path, params string[] framing)
    {
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(bunq.BaseAddress.Host);
        string head = string.Create(CultureInfo.InvariantCulture, $"""
            POST {path} HTTP/1.1
            Host: {bunq.BaseAddress.Authority}
            Content-Type: image/png
            {string.Join("\n", framing)}
            X-Bunq-Attachment-Description: half
            X-Bunq-Client-Authentication: {token}
            X-Bunq-Client-Request-Id: {Guid.NewGuid():D}
            Cache-Control: no-cache
            User-Agent: abort-test/1.0


            """).ReplaceLineEndings("\r\n");
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        await tls.FlushAsync();
        return tls;
    }

    /// <summary>Goes as <paramref name="going"/> says; for a half-close, what comes back until the connection ends.</summary>
    private static async Task<string> GoAsync(Socket socket, SslStream tls, Going going)
    {
        if (going == Going.Reset)
        {
            socket.LingerState = new LingerOption(true, 0); // closing now sends a reset
            socket.Close();
            return string.Empty;
        }

        await tls.ShutdownAsync(); // TLS close_notify
        socket.Shutdown(going == Going.HalfClose ? SocketShutdown.Send : SocketShutdown.Both);
        return going == Going.HalfClose ? await ReadToEndAsync(tls) : string.Empty;
    }

    private static async Task<string> ReadSomeAsync(SslStream tls)
    {
        byte[] buffer = new byte[256];
        return Encoding.ASCII.GetString(buffer, 0, await tls.ReadAsync(buffer));
    }

    /// <summary>Everything the server sends until it closes (a reset ends it too: the server may close with the client's bytes unread).</summary>
    private static async Task<string> ReadToEndAsync(SslStream tls)
    {
        using var received = new MemoryStream();
        try
        {
            await tls.CopyToAsync(received);
        }
        catch (IOException)
        {
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>The one request logged after the first <paramref name="before"/>: the server notices the end in its own time.</summary>
    private static async Task<EmulatorRequest> LoggedAsync(BunqEmulator bunq, int before)
    {
        for (int i = 0; i < 500 && bunq.Requests.Count == before; i++)
        {
            await Task.Delay(20);
        }

        return Assert.Single(bunq.Requests.Skip(before));
    }
}
