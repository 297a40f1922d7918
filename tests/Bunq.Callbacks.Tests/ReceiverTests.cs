using System.Net;
using System.Text;
using Bunq.Emulator;
using Microsoft.Extensions.Logging;

namespace Bunq.Callbacks.Tests;

/// <summary>MapBunqCallbacks refuses what is not a bunq callback from bunq before the app's handler sees anything.</summary>
public class ReceiverTests
{
    private const string Payment = """
        {"NotificationUrl":{"target_url":"https://127.0.0.1/hook","category":"PAYMENT","event_type":"PAYMENT_CREATED",
         "object":{"Payment":{"id":7,"monetary_account_id":3,"amount":{"value":"-1.50","currency":"EUR"},"description":"coffee","updated":"2026-12-06 08:00:00.000000"}}}}
        """;

    [Fact]
    public async Task A_caller_outside_the_allow_list_gets_403_the_handler_is_not_called_and_the_log_has_no_body()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync(configure: _ => { }); // production only: 185.40.108.0/22
        await using BunqEmulator bunq = await Sandbox.StartAsync(receiver);
        await using User user = await Sandbox.UserAsync(bunq);
        await Sandbox.SubscribeAsync(user, receiver.Hook, "MUTATION");

        await BunqSandbox.TopUpAsync(user.Bank.Connection, user.Account.Id, 5m);
        EmulatorCallback refused = await bunq.Callbacks.WaitForAsync(c => c.Attempts.Count == 1).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(403, refused.Attempts[0].StatusCode);
        Assert.Equal(0, receiver.HandlerCalls);
        var line = Assert.Single(receiver.Logs.GetSnapshot(), l => l.Level == LogLevel.Warning);
        Assert.Contains("127.0.0.1", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Payment", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_for_headers_do_not_open_the_allow_list()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync(configure: _ => { });
        using HttpClient client = receiver.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "hook") { Content = Json(Payment) };
        request.Headers.Add("X-Forwarded-For", "185.40.108.1");

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, receiver.HandlerCalls);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"Response":[{"Payment":{"id":1}}]}""")]
    [InlineData("""{"NotificationUrl":{"category":"PAYMENT","event_type":"PAYMENT_CREATED","object":{}}}""")]
    [InlineData("""{"NotificationUrl":{"category":"PAYMENT","event_type":"PAYMENT_CREATED","object":{"Payment":{"id":1},"Extra":{"id":2}}}}""")]
    [InlineData("""{"NotificationUrl":{"category":"PAY\u001b[31mMENT","event_type":"PAYMENT_CREATED","object":{"Payment":{"id":1}}}}""")]
    [InlineData("""{"NotificationUrl":{"category":"PAYMENT","event_type":"PAYMENT_CREATED\n","object":{"Payment":{"id":1}}}}""")]
    public async Task A_body_that_is_not_a_bunq_NotificationUrl_is_400_and_the_handler_is_not_called(string body)
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        using HttpClient client = receiver.CreateClient();

        using HttpResponseMessage response = await client.PostAsync("hook", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, receiver.HandlerCalls);
    }

    [Fact]
    public async Task An_oversize_body_is_413_whether_or_not_it_says_its_length_and_the_handler_is_not_called()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync(options =>
        {
            options.AllowedCallers.Add(IPNetwork.Parse("127.0.0.0/8"));
            options.MaxBodyBytes = 1024;
        });
        using HttpClient client = receiver.CreateClient();
        string padded = Payment.Replace("coffee", new string('x', 2000), StringComparison.Ordinal);

        using HttpResponseMessage declared = await client.PostAsync("hook", Json(padded));
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "hook") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(padded))) };
        chunked.Headers.TransferEncodingChunked = true;
        using HttpResponseMessage undeclared = await client.SendAsync(chunked);
        using HttpResponseMessage small = await client.PostAsync("hook", Json(Payment));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, undeclared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(1, receiver.HandlerCalls);
    }

    [Fact]
    public async Task The_handler_gets_a_typed_unverified_callback_readable_with_source_generated_metadata()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        using HttpClient client = receiver.CreateClient();

        using HttpResponseMessage response = await client.PostAsync("hook", Json(Payment));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        BunqUnverifiedCallback callback = Assert.Single(receiver.Accepted);
        Assert.False(callback.IsVerified);
        Assert.Equal(("PAYMENT", "PAYMENT_CREATED", "Payment", 7L), (callback.Category, callback.EventType, callback.ObjectType, callback.ObjectId));
        Assert.Equal("PAYMENT/PAYMENT_CREATED/Payment/7/2026-12-06 08:00:00.000000", callback.EventKey);
        Assert.True(callback.TryGetObject(CallbackJson.Default.CallbackPayment, out CallbackPayment? payment));
        Assert.Equal((7L, 3L, "-1.50", "coffee"), (payment!.Id, payment.MonetaryAccountId, payment.Amount.Value, payment.Description));
    }

    [Fact]
    public async Task A_handler_that_throws_makes_a_500_and_a_log_line_with_cleaned_text()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        receiver.Handler = callback => throw new InvalidOperationException("bad \u001b[31mdescription\r\nforged line");
        using HttpClient client = receiver.CreateClient();

        using HttpResponseMessage response = await client.PostAsync("hook", Json(Payment));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        string[] lines = Assert.Single(receiver.Logs.GetSnapshot(), l => l.Level == LogLevel.Error).Message.Split('\n');
        Assert.DoesNotContain('\u001b', string.Join('\n', lines));
        Assert.Contains("bad ?[31mdescription??forged line", lines[0], StringComparison.Ordinal);
        // what follows the message is the stack, each frame on a line of its own: the message's line break forged none
        Assert.All(lines.Skip(1), frame => Assert.StartsWith("   ", frame, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_handler_failure_is_logged_with_where_it_was_thrown_and_no_callback_data_in_the_stack()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        receiver.Handler = FailingHandlerAsync;
        using HttpClient client = receiver.CreateClient();

        using HttpResponseMessage response = await client.PostAsync("hook", Json(Payment));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        string line = Assert.Single(receiver.Logs.GetSnapshot(), l => l.Level == LogLevel.Error).Message;
        string stack = line[(line.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        Assert.Contains($"at {typeof(ReceiverTests).FullName}.{nameof(FailingHandlerAsync)}", stack, StringComparison.Ordinal);
        Assert.Contains("--- inner System.IO.IOException", stack, StringComparison.Ordinal); // the cause's type and frames, no message
        Assert.DoesNotContain("coffee", stack, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_largest_body_limit_receives_callbacks_rather_than_failing_each_with_500()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync(options =>
        {
            options.AllowedCallers.Add(IPNetwork.Parse("127.0.0.0/8"));
            options.MaxBodyBytes = int.MaxValue;
        });
        using HttpClient client = receiver.CreateClient();

        using HttpResponseMessage response = await client.PostAsync("hook", Json(Payment.Replace("coffee", new string('x', 40_000), StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // more than the first 16 KiB buffer: it grew without overflowing
        Assert.Equal(1, receiver.HandlerCalls);
    }

    private static Task FailingHandlerAsync(BunqUnverifiedCallback callback)
    {
        try
        {
            throw new IOException($"disk full while saving {callback.ObjectId}: coffee");
        }
        catch (IOException e)
        {
            throw new InvalidOperationException("could not keep the coffee payment", e);
        }
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
