using System.Text;
using System.Text.Json;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// A pinned TLS server that answers <c>POST /installation</c> (an answer nothing can verify: it brings the key that would)
/// with a malformed envelope. Each ends in a typed <see cref="BunqException"/>, and text from the answer reaches the
/// message only cleaned.
/// </summary>
public sealed class HostileAnswerTests
{
    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("null")]
    public async Task An_empty_installation_token_is_a_typed_error(string token)
    {
        await using var hostile = Answering($$$"""{"Response":[{"Id":{"id":1}},{"Token":{"id":2,"token":{{{token}}}}},{"ServerPublicKey":{"server_public_key":"x"}}]}""");

        var e = await Assert.ThrowsAsync<BunqException>(() => Bank.ConnectAsync(hostile.Options("sandbox_key")));

        Assert.Contains("installation response has an empty token", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, hostile.Requests);
    }

    [Theory]
    [InlineData("abc\\r\\nX-Forged: yes")]
    [InlineData("abc def")]
    [InlineData("abc\\u00e9")]
    public async Task A_token_a_header_cannot_carry_is_a_typed_error_that_does_not_quote_it(string token)
    {
        await using var hostile = Answering($$$"""{"Response":[{"Id":{"id":1}},{"Token":{"id":2,"token":"{{{token}}}"}},{"ServerPublicKey":{"server_public_key":"x"}}]}""");

        var e = await Assert.ThrowsAsync<BunqException>(() => Bank.ConnectAsync(hostile.Options("sandbox_key")));

        Assert.Contains("installation response has a token with characters a header cannot carry", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, hostile.Requests);
    }

    [Fact]
    public async Task A_token_of_another_json_type_is_a_typed_error_not_a_raw_json_exception()
    {
        await using var hostile = Answering("""{"Response":[{"Id":{"id":1}},{"Token":{"id":2,"token":5}},{"ServerPublicKey":{"server_public_key":"x"}}]}""");

        var e = await Assert.ThrowsAsync<BunqException>(() => Bank.ConnectAsync(hostile.Options("sandbox_key")));

        Assert.Contains("'Token' item does not have the expected shape", e.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(e.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task Type_names_of_the_answer_reach_the_message_without_escape_or_control_characters()
    {
        // ESC [31m (colour), an OSC title ended by BEL, CR LF (a forged log line), a right-to-left override
        await using var hostile = Answering("""{"Response":[{"\u001b[31mRed\u001b]0;title\u0007\r\nFORGED\u202eX":{}}]}""");

        var e = await Assert.ThrowsAsync<BunqException>(() => Bank.ConnectAsync(hostile.Options("sandbox_key")));

        Assert.Contains("has no 'Token' item", e.Message, StringComparison.Ordinal);
        Assert.Contains("Red", e.Message, StringComparison.Ordinal);
        Assert.Contains("FORGED", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(e.Message, c => BunqUntrustedText.IsUnsafe(c));
        Assert.DoesNotContain("[31m", e.Message, StringComparison.Ordinal);
    }

    private static HostileTlsServer Answering(string body) => new((_, stream, token) =>
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        string head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n";
        return stream.WriteAsync(Encoding.ASCII.GetBytes(head).Concat(bytes).ToArray(), token).AsTask();
    });
}
