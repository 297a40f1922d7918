using System.Net;
using System.Text;

namespace Bunq.Client.Tests.Hardening;

/// <summary>Error text nobody vouched for is cleaned, capped and labelled; bunq's verified text is kept as sent.</summary>
public sealed class UntrustedErrorTextTests : IDisposable
{
    private const string Hostile = "\u001b[31mPAY NOW\u001b[0m\r\nX-Injected: yes\t\u001b]0;pwned\u0007\u202eevil\u0000";

    private readonly HostileServer _server = new();

    [Fact]
    public async Task An_unsigned_json_error_description_is_cleaned_capped_and_called_unverified_first()
    {
        _server.Respond = (_, _) => HostileServer.Answer.Error(400, Hostile + new string('A', 200_000), signed: false);

        BunqApiException e = await CallAsync();

        Assert.StartsWith("Unverified", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsSignatureVerified);
        string error = Assert.Single(e.Errors);
        Assert.StartsWith("PAY NOW  X-Injected: yes  evil AAA", error, StringComparison.Ordinal);
        Assert.True(error.Length <= BunqUntrustedText.MaxLength, $"{error.Length} characters");
        Assert.EndsWith("…", error, StringComparison.Ordinal);
        Assert.DoesNotContain(e.Message, c => BunqUntrustedText.IsUnsafe(c));
        Assert.DoesNotContain("[31m", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pwned", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 1_300, $"{e.Message.Length} characters");
    }

    [Fact]
    public async Task Many_unsigned_descriptions_share_one_cap()
    {
        string body = "{\"Error\":[" + string.Join(",", Enumerable.Repeat("{\"error_description\":\"" + new string('x', 300) + "\"}", 50)) + "]}";
        _server.Respond = (_, _) => new HostileServer.Answer((HttpStatusCode)400, body, Signed: false);

        BunqApiException e = await CallAsync();

        Assert.True(e.Errors.Sum(t => t.Length) <= BunqUntrustedText.MaxLength);
        Assert.Equal(4, e.Errors.Count); // 300 + 300 + 300 + 100 (cut)
    }

    [Fact]
    public async Task An_unsigned_non_json_body_loses_its_escape_sequences_whole()
    {
        _server.Respond = (_, _) => new HostileServer.Answer((HttpStatusCode)502, "<html>\u001b[2J\u001b[1;31mBad gateway</html>", Signed: false);

        BunqApiException e = await CallAsync();

        Assert.StartsWith("Unverified", e.Message, StringComparison.Ordinal);
        Assert.Equal("Non-JSON error body: <html>Bad gateway</html>", Assert.Single(e.Errors));
    }

    [Fact]
    public async Task A_signed_error_keeps_bunqs_text_as_sent()
    {
        _server.Respond = (_, _) => HostileServer.Answer.Error(490, "Not enough money.\r\n\u001b[1mReally.", signed: true);

        BunqApiException e = await CallAsync(HttpMethod.Get);

        Assert.True(e.IsSignatureVerified);
        Assert.Equal(["Not enough money.\r\n\u001b[1mReally."], e.Errors);
        Assert.StartsWith("bunq answered 490 User error: Not enough money.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_response_id_is_cleaned_too()
    {
        _server.Respond = (_, _) => HostileServer.Answer.Error(400, "Bad.", signed: false) with { ResponseId = "id\u001b[31m" + new string('9', 500) };

        BunqApiException e = await CallAsync(HttpMethod.Get);

        Assert.DoesNotContain(e.ResponseId!, c => BunqUntrustedText.IsUnsafe(c));
        Assert.True(e.ResponseId!.Length <= 100);
    }

    [Fact]
    public async Task A_response_id_is_cleaned_even_beside_a_signed_body()
    {
        // bunq signs the body only: the header beside a verified error is still anyone's text.
        _server.Respond = (_, _) => HostileServer.Answer.Error(490, "Not enough money.", signed: true) with { ResponseId = "abc\u001b[2Jdef\r\nX-Injected: yes" };

        BunqApiException e = await CallAsync(HttpMethod.Get);

        Assert.True(e.IsSignatureVerified);
        Assert.Equal("abcdef  X-Injected: yes", e.ResponseId);
        Assert.DoesNotContain(e.Message, c => BunqUntrustedText.IsUnsafe(c));
    }

    [Fact]
    public async Task A_rejected_answers_response_id_is_cleaned_and_capped()
    {
        _server.Respond = (_, _) => HostileServer.Answer.Ok() with { Signed = false, ResponseId = "\u001b]0;pwned\u0007id" + new string('9', 500) };

        using HttpMessageInvoker invoker = _server.Invoker(WithoutRetries(HostileServer.Options()));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user/1");
        BunqSignatureException e = await Assert.ThrowsAsync<BunqSignatureException>(() => invoker.SendAsync(request, default));

        Assert.StartsWith("id999", e.ResponseId, StringComparison.Ordinal);
        Assert.Equal(BunqResponseHeaders.MaxResponseIdLength, e.ResponseId!.Length);
        Assert.DoesNotContain("pwned", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(e.Message, c => BunqUntrustedText.IsUnsafe(c));
    }

    [Fact]
    public async Task Bunqs_own_response_id_is_handed_on_as_it_is()
    {
        const string Id = "8f1c2a44-6b0e-4d1e-9c55-2f5e4a7b9d10";
        _server.Respond = (_, _) => HostileServer.Answer.Error(490, "Not enough money.", signed: true) with { ResponseId = Id };

        BunqApiException e = await CallAsync(HttpMethod.Get);

        Assert.Equal(Id, e.ResponseId);
    }

    [Theory]
    [InlineData("a\u001b[38;5;196mb", "ab")] // CSI with parameters
    [InlineData("a\u009b31mb", "ab")] // 8-bit CSI
    [InlineData("a\u001b]8;;https://evil.test\u001b\\link\u001b]8;;\u001b\\b", "alinkb")] // OSC hyperlink, ST-terminated
    [InlineData("a\u001bcb", "ab")] // two-character escape (RIS)
    [InlineData("a\u001b", "a")] // a lone ESC at the end
    [InlineData("l1\r\nl2\u2028l3", "l1  l2 l3")] // line breaks of every kind become spaces
    [InlineData("plain text, kept", "plain text, kept")]
    public void The_cleaner_removes_escape_sequences_whole_and_turns_controls_into_spaces(string input, string expected) =>
        Assert.Equal(expected, BunqUntrustedText.Clean(input));

    public void Dispose() => _server.Dispose();

    private async Task<BunqApiException> CallAsync(HttpMethod? method = null)
    {
        using HttpMessageInvoker invoker = _server.Invoker(WithoutRetries(HostileServer.Options()));
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, "https://bunq.test/v1/user/1/monetary-account/2/payment")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        return await Assert.ThrowsAnyAsync<BunqApiException>(() => invoker.SendAsync(request, default));
    }

    private static BunqOptions WithoutRetries(BunqOptions options)
    {
        options.Retry = BunqRetryOptions.None;
        return options;
    }
}
