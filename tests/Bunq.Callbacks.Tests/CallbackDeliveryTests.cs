using Bunq.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Callbacks.Tests;

/// <summary>The emulator's callbacks reach a real Kestrel receiver over TLS, with bunq's retry rule on a fake clock.</summary>
public class CallbackDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_payment_between_two_users_gives_each_side_its_PAYMENT_and_MUTATION_callback_exactly_once()
    {
        await using PaymentScene scene = await PaymentScene.StartAsync();
        (CallbackReceiver receiver, BunqEmulator bunq, User payer, User payee) = (scene.Receiver, scene.Bunq, scene.Payer, scene.Payee);
        await Sandbox.SubscribeAsync(payer, receiver.Hook, "PAYMENT", "MUTATION");
        await Sandbox.SubscribeAsync(payee, receiver.Hook, "PAYMENT", "MUTATION");

        await Sandbox.PayAsync(payer, payee, 12.50m);
        await DeliveredAsync(bunq, 4);

        Assert.Equal(
            ["MUTATION/MUTATION_CREATED/-12.50", "MUTATION/MUTATION_RECEIVED/12.50", "PAYMENT/PAYMENT_CREATED/-12.50", "PAYMENT/PAYMENT_RECEIVED/12.50"],
            receiver.Accepted.Select(c => $"{c.Category}/{c.EventType}/{c.ObjectJson.GetProperty("amount").GetProperty("value").GetString()}").Order(StringComparer.Ordinal));
        Assert.Equal(4, receiver.HandlerCalls);
        Assert.All(bunq.Callbacks.Sent, c => Assert.Single(c.Attempts));
        Assert.Equal(2, receiver.Accepted.Count(c => c.ObjectJson.GetProperty("monetary_account_id").GetInt64() == payer.Account.Id));
        Assert.Equal(4, receiver.Accepted.Select(c => c.EventKey).Distinct().Count());
    }

    [Fact]
    public async Task A_receiver_answering_500_twice_then_200_gets_exactly_three_tries_one_fake_minute_apart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        int failures = 2;
        receiver.Handler = _ => Interlocked.Decrement(ref failures) >= 0 ? throw new InvalidOperationException("not yet") : Task.CompletedTask;
        await using BunqEmulator bunq = await Sandbox.StartAsync(receiver, clock);
        await using User user = await Sandbox.UserAsync(bunq);
        await Sandbox.SubscribeAsync(user, receiver.Hook, "MUTATION");

        await BunqSandbox.TopUpAsync(user.Bank.Connection, user.Account.Id, 20m);
        for (int tries = 1; tries <= 2; tries++)
        {
            int seen = tries;
            await bunq.Callbacks.WaitForAsync(c => c.Attempts.Count == seen).WaitAsync(Patience);
            clock.Advance(CallbackRetry);
        }

        EmulatorCallback delivered = await bunq.Callbacks.WaitForAsync(c => c.Outcome == EmulatorCallbackOutcome.Delivered).WaitAsync(Patience);
        Assert.Equal([500, 500, 200], delivered.Attempts.Select(a => a.StatusCode));
        Assert.Equal([CallbackRetry, CallbackRetry], delivered.Attempts.Zip(delivered.Attempts.Skip(1), (a, b) => b.Time - a.Time));
        Assert.Equal(3, receiver.HandlerCalls);
        Assert.Single(receiver.Accepted);
        Assert.Contains(receiver.Logs.GetSnapshot(), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Message.Contains("not yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Six_failures_are_listed_by_notification_filter_failure_and_its_POST_delivers()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        bool down = true;
        receiver.Handler = _ => Volatile.Read(ref down) ? throw new InvalidOperationException("down") : Task.CompletedTask;
        await using BunqEmulator bunq = await Sandbox.StartAsync(receiver, clock);
        await using User user = await Sandbox.UserAsync(bunq);
        await Sandbox.SubscribeAsync(user, receiver.Hook, "MUTATION");

        await BunqSandbox.TopUpAsync(user.Bank.Connection, user.Account.Id, 20m);
        for (int tries = 1; tries < 6; tries++)
        {
            int seen = tries;
            await bunq.Callbacks.WaitForAsync(c => c.Attempts.Count == seen).WaitAsync(Patience);
            Assert.Empty((await user.Bank.RawFilters.ListFailuresAsync(user.Id)).Items);
            clock.Advance(CallbackRetry);
        }

        EmulatorCallback failed = await bunq.Callbacks.WaitForAsync(c => c.Outcome == EmulatorCallbackOutcome.Failed).WaitAsync(Patience);
        Assert.Equal(6, failed.Attempts.Count);
        BunqEnvelopeItem listed = Assert.Single((await user.Bank.RawFilters.ListFailuresAsync(user.Id)).Items);
        Assert.Equal("NotificationFilterFailure", listed.TypeName);
        Assert.Equal("MUTATION", listed.Value.GetProperty("category").GetString());
        Assert.Equal(500, listed.Value.GetProperty("response_code").GetInt32());
        long objectId = listed.Value.GetProperty("object_id").GetInt64();
        Assert.Equal(failed.ObjectId, objectId);

        Volatile.Write(ref down, false);
        await user.Bank.RawFilters.RetryFailuresAsync(user.Id, Json($$"""{"notification_filter_failed_ids":"{{objectId}}"}"""));
        EmulatorCallback delivered = await bunq.Callbacks.WaitForAsync(c => c.Outcome == EmulatorCallbackOutcome.Delivered).WaitAsync(Patience);

        Assert.Equal(7, delivered.Attempts.Count);
        Assert.Single(receiver.Accepted);
        Assert.Empty((await user.Bank.RawFilters.ListFailuresAsync(user.Id)).Items);
    }

    [Fact]
    public async Task Eight_clients_paying_concurrently_get_every_callback_delivered_exactly_once()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        await using BunqEmulator bunq = await Sandbox.StartAsync(receiver);
        User[] users = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Sandbox.UserAsync(bunq, topUp: 30m)));
        try
        {
            await Task.WhenAll(users.Select(u => Sandbox.SubscribeAsync(u, receiver.Hook, "PAYMENT")));

            BunqId[] payments = await Task.WhenAll(users.Select((u, i) => Sandbox.PayAsync(u, users[(i + 1) % users.Length], 1m + i)));
            await DeliveredAsync(bunq, 16);

            Assert.Equal(16, receiver.Accepted.Count);
            Assert.Equal(16, receiver.Accepted.Select(c => c.EventKey).Distinct().Count());
            Assert.Equal(payments.Select(p => p.Id).Order(), receiver.Accepted.Where(c => c.EventType == "PAYMENT_CREATED").Select(c => c.ObjectId!.Value).Order());
            Assert.All(bunq.Callbacks.Sent, c => Assert.Single(c.Attempts));
        }
        finally
        {
            foreach (User user in users)
            {
                await user.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_target_whose_certificate_the_emulator_does_not_trust_gets_nothing()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        await using BunqEmulator bunq = await Sandbox.StartAsync(trusted: null); // system roots only: a self-signed receiver is refused
        await using User user = await Sandbox.UserAsync(bunq);
        await Sandbox.SubscribeAsync(user, receiver.Hook, "MUTATION");

        await BunqSandbox.TopUpAsync(user.Bank.Connection, user.Account.Id, 5m);
        EmulatorCallback tried = await bunq.Callbacks.WaitForAsync(c => c.Attempts.Count == 1).WaitAsync(Patience);

        Assert.Null(tried.Attempts[0].StatusCode);
        Assert.Contains("certificate", tried.Attempts[0].Error, StringComparison.Ordinal);
        Assert.Equal(0, receiver.HandlerCalls);
    }

    [Fact]
    public async Task A_slow_receiver_stalls_neither_the_api_nor_the_callbacks_to_other_targets()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        await using CallbackReceiver hostile = await CallbackReceiver.StartAsync();
        await using BunqEmulator bunq = await Sandbox.StartAsync(receiver);
        await using User stuck = await Sandbox.UserAsync(bunq);
        await using User fine = await Sandbox.UserAsync(bunq);
        await Sandbox.SubscribeAsync(stuck, hostile.Slow, "MUTATION");
        await Sandbox.SubscribeAsync(fine, receiver.Hook, "MUTATION");

        // More callbacks to the slow target than the emulator has workers, each of which would hang for the whole try's
        // timeout (10 s): the API answers long before one try could end, and the other target is served meanwhile.
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        for (int i = 0; i < 6; i++)
        {
            await BunqSandbox.TopUpAsync(stuck.Bank.Connection, stuck.Account.Id, 1m, quick.Token);
        }

        await BunqSandbox.TopUpAsync(fine.Bank.Connection, fine.Account.Id, 1m, quick.Token);
        EmulatorCallback delivered = await bunq.Callbacks.WaitForAsync(c => c.Target == receiver.Hook.AbsoluteUri && c.Outcome == EmulatorCallbackOutcome.Delivered, quick.Token);

        Assert.Equal(fine.Id, delivered.UserId);
        Assert.Single(receiver.Accepted);
        Assert.All(bunq.Callbacks.Sent.Where(c => c.Target == hostile.Slow.AbsoluteUri), c => Assert.Equal(EmulatorCallbackOutcome.Pending, c.Outcome));
    }

    internal static readonly TimeSpan CallbackRetry = TimeSpan.FromMinutes(1);

    internal static HttpContent Json(string text) =>
        new StringContent(text, System.Text.Encoding.UTF8, "application/json");

    /// <summary>
    /// Waits until every callback queued so far is settled (the API records them before it answers), then checks that
    /// <paramref name="count"/> were sent and delivered.
    /// </summary>
    internal static async Task DeliveredAsync(BunqEmulator bunq, int count)
    {
        foreach (EmulatorCallback queued in bunq.Callbacks.Sent)
        {
            await bunq.Callbacks.WaitForAsync(c => c.Id == queued.Id && c.Outcome != EmulatorCallbackOutcome.Pending).WaitAsync(Patience);
        }

        Assert.Equal(count, bunq.Callbacks.Sent.Count(c => c.Outcome == EmulatorCallbackOutcome.Delivered));
        Assert.Equal(count, bunq.Callbacks.Sent.Count);
    }
}
