using System.Text;

namespace Bunq.Client.Tests.Hardening;

/// <summary>Only bunq's own "Insufficient authentication." costs a session renewal and a resend.</summary>
public sealed class SessionRefusalTests : IDisposable
{
    private readonly HostileServer _server = new();

    [Fact]
    public async Task An_unsigned_401_on_a_payment_neither_renews_the_session_nor_sends_the_payment_twice()
    {
        _server.Respond = (_, index) => index == 0
            ? HostileServer.Answer.Error(401, "Insufficient authentication.", signed: false)
            : HostileServer.Answer.Ok();
        using HttpMessageInvoker invoker = _server.Invoker();

        var e = await Assert.ThrowsAsync<BunqApiException>(() => invoker.SendAsync(Payment(), default));

        Assert.Equal(401, e.StatusCode);
        Assert.False(e.IsSignatureVerified);
        Assert.StartsWith("Unverified", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Sessions.Renewals);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task An_unsigned_403_on_a_get_does_not_renew_either_when_a_server_key_could_have_verified_it()
    {
        _server.Respond = (_, index) => index == 0
            ? HostileServer.Answer.Error(403, "Insufficient authorisation.", signed: false)
            : HostileServer.Answer.Ok();
        using HttpMessageInvoker invoker = _server.Invoker();

        await Assert.ThrowsAsync<BunqApiException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));

        Assert.Equal(0, _server.Sessions.Renewals);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_signed_401_on_a_payment_renews_once_and_resends_with_the_new_token()
    {
        _server.Respond = (_, index) => index == 0
            ? HostileServer.Answer.Error(401, "Insufficient authentication.", signed: true)
            : HostileServer.Answer.Ok();
        using HttpMessageInvoker invoker = _server.Invoker();

        using HttpResponseMessage response = await invoker.SendAsync(Payment(), default);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(1, _server.Sessions.Renewals);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(["session-0", "session-1"], _server.Tokens);
    }

    [Fact]
    public async Task Without_a_server_key_an_unverifiable_401_renews_for_a_get_but_never_resends_a_post()
    {
        _server.Sessions.ServerKey = null;
        _server.Respond = (request, _) => request.Headers.GetValues(BunqHeaders.Authentication).Single() == "session-0"
            ? HostileServer.Answer.Error(401, "Insufficient authentication.", signed: false)
            : HostileServer.Answer.Ok() with { Status = System.Net.HttpStatusCode.NoContent, Body = "" };
        using HttpMessageInvoker invoker = _server.Invoker();

        await Assert.ThrowsAsync<BunqApiException>(() => invoker.SendAsync(Payment(), default));
        Assert.Equal(0, _server.Sessions.Renewals);
        Assert.Single(_server.Requests);

        // a GET repeats nothing: believed, renewed and resent (its 2xx then fails for want of a key to verify it)
        await Assert.ThrowsAsync<BunqSignatureException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));
        Assert.Equal(1, _server.Sessions.Renewals);
        Assert.Equal(3, _server.Requests.Count);
    }

    public void Dispose() => _server.Dispose();

    private static HttpRequestMessage Payment() => new(HttpMethod.Post, "https://bunq.test/v1/user/1/monetary-account/2/payment")
    {
        Content = new StringContent("""{"amount":{"value":"12.50","currency":"EUR"}}""", Encoding.UTF8, "application/json"),
    };
}
