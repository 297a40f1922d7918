using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Bunq.Emulator.Tests;

/// <summary>
/// How a body Kestrel could not read is told apart — a client gone (499) or malformed chunks (400) — without reading
/// Kestrel's message text: the exceptions here carry words no Kestrel uses, so a rewording cannot change the outcome.
/// The socket is a real loopback connection whose client end closes, resets or stays, as in <see cref="UploadAbortTests"/>.
/// </summary>
public sealed class UnreadRequestTests
{
    private static readonly BadHttpRequestException Rejected = new("Words a later Kestrel may choose.", StatusCodes.Status400BadRequest);

    [Theory]
    [InlineData("HTTP/1.1")]
    [InlineData("HTTP/1.0")]
    public void A_400_for_a_body_framed_by_content_length_is_a_client_gone(string protocol)
    {
        HttpContext context = Request(protocol, chunked: false, socket: null);

        Assert.Equal(UnreadRequest.ClientClosedRequest, UnreadRequest.StatusFor(context, Rejected));
    }

    [Theory]
    [InlineData(StatusCodes.Status408RequestTimeout)]
    [InlineData(StatusCodes.Status413PayloadTooLarge)]
    public void A_body_too_slow_or_too_large_keeps_its_status(int status)
    {
        HttpContext context = Request("HTTP/1.1", chunked: false, socket: null);

        Assert.Equal(status, UnreadRequest.StatusFor(context, new BadHttpRequestException("Any words.", status)));
    }

    [Fact]
    public async Task A_400_for_a_chunked_body_is_malformed_while_the_client_is_there_and_a_client_gone_after_its_fin()
    {
        (Socket client, Socket server) = await ConnectedPairAsync();
        using (client)
        using (server)
        {
            HttpContext context = Request("HTTP/1.1", chunked: true, server);
            Assert.Equal(400, UnreadRequest.StatusFor(context, Rejected));

            client.Shutdown(SocketShutdown.Send);
            Assert.True(server.Poll(TimeSpan.FromSeconds(10), SelectMode.SelectRead), "the client's FIN did not arrive");

            Assert.Equal(UnreadRequest.ClientClosedRequest, UnreadRequest.StatusFor(context, Rejected));
        }
    }

    [Fact]
    public async Task A_400_for_a_chunked_body_is_a_client_gone_after_its_reset()
    {
        (Socket client, Socket server) = await ConnectedPairAsync();
        using (server)
        {
            client.LingerState = new LingerOption(true, 0); // closing now sends a reset
            client.Close();
            Assert.True(server.Poll(TimeSpan.FromSeconds(10), SelectMode.SelectRead), "the client's reset did not arrive");

            Assert.Equal(UnreadRequest.ClientClosedRequest, UnreadRequest.StatusFor(Request("HTTP/1.1", chunked: true, server), Rejected));
        }
    }

    [Fact]
    public async Task A_400_for_a_chunked_body_whose_client_still_sends_is_malformed()
    {
        (Socket client, Socket server) = await ConnectedPairAsync();
        using (client)
        using (server)
        {
            await client.SendAsync("zz\r\nmore bytes"u8.ToArray());
            Assert.True(server.Poll(TimeSpan.FromSeconds(10), SelectMode.SelectRead), "the client's bytes did not arrive");

            Assert.Equal(400, UnreadRequest.StatusFor(Request("HTTP/1.1", chunked: true, server), Rejected));
        }
    }

    [Fact]
    public void An_exception_that_is_no_unreadable_body_is_an_emulator_fault()
    {
        Assert.Null(UnreadRequest.StatusFor(Request("HTTP/1.1", chunked: false, socket: null), new InvalidOperationException("a bug")));
    }

    private static DefaultHttpContext Request(string protocol, bool chunked, Socket? socket)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Protocol = protocol;
        if (chunked)
        {
            context.Request.Headers.TransferEncoding = "chunked";
        }
        else
        {
            context.Request.ContentLength = 200_000;
        }

        if (socket is not null)
        {
            context.Features.Set<IConnectionSocketFeature>(new SocketFeature(socket));
        }

        return context;
    }

    private static async Task<(Socket Client, Socket Server)> ConnectedPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        return (client, await listener.AcceptSocketAsync());
    }

    private sealed record SocketFeature(Socket Socket) : IConnectionSocketFeature;
}
