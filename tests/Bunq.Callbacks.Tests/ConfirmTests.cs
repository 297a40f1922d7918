using Bunq.Emulator;

namespace Bunq.Callbacks.Tests;

/// <summary>ConfirmAsync reads the callback's object through the app's signed client and refuses a callback bunq disagrees with.</summary>
public class ConfirmTests
{
    [Fact]
    public async Task ConfirmAsync_returns_the_signed_payment()
    {
        await using PaymentScene scene = await PaymentScene.StartAsync();
        (CallbackReceiver receiver, BunqEmulator bunq, User payer, User payee) = (scene.Receiver, scene.Bunq, scene.Payer, scene.Payee);
        await Sandbox.SubscribeAsync(payee, receiver.Hook, "PAYMENT");
        var confirmed = new TaskCompletionSource<BunqEnvelopeItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Handler = async callback => confirmed.TrySetResult(await callback.ConfirmAsync(payee.Bank.Connection));

        await Sandbox.PayAsync(payer, payee, 7.25m, "for the confirm test");
        BunqEnvelopeItem payment = await confirmed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("Payment", payment.TypeName);
        Assert.Equal("7.25", payment.Value.GetProperty("amount").GetProperty("value").GetString());
        Assert.Equal("for the confirm test", payment.Value.GetProperty("description").GetString());
        Assert.Contains(bunq.Requests, r => r.Path.EndsWith($"/payment/{payment.Value.GetProperty("id").GetInt64()}", StringComparison.Ordinal) && r.Signed && r.Status == 200);
    }

    [Fact]
    public async Task ConfirmAsync_refuses_a_callback_the_emulator_altered_in_transit()
    {
        await using PaymentScene scene = await PaymentScene.StartAsync();
        (CallbackReceiver receiver, BunqEmulator bunq, User payer, User payee) = (scene.Receiver, scene.Bunq, scene.Payer, scene.Payee);
        await Sandbox.SubscribeAsync(payee, receiver.Hook, "PAYMENT");
        var refused = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Handler = async callback =>
        {
            try
            {
                await callback.ConfirmAsync(payee.Bank.Connection);
            }
            catch (Exception e)
            {
                refused.TrySetResult(e);
                throw;
            }
        };

        bunq.Callbacks.TamperNext();
        await Sandbox.PayAsync(payer, payee, 7.25m);
        Exception error = await refused.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var mismatch = Assert.IsType<BunqCallbackMismatchException>(error);
        Assert.Contains("'amount'", mismatch.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("9999.99", mismatch.Message, StringComparison.Ordinal);
        EmulatorCallback sent = await bunq.Callbacks.WaitForAsync(c => c.Attempts.Count == 1).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(500, sent.Attempts[0].StatusCode); // the handler refused it, so bunq tries again later
        Assert.Contains("\"7.25\"", sent.Body, StringComparison.Ordinal); // what the emulator meant to send
    }
}
