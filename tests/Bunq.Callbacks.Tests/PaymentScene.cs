using Bunq.Emulator;

namespace Bunq.Callbacks.Tests;

/// <summary>A receiver, an emulator that trusts it, a payer with money and a payee: what most callback tests start from.</summary>
internal sealed class PaymentScene : IAsyncDisposable
{
    private PaymentScene(CallbackReceiver receiver, BunqEmulator bunq, User payer, User payee)
    {
        Receiver = receiver;
        Bunq = bunq;
        Payer = payer;
        Payee = payee;
    }

    public CallbackReceiver Receiver { get; }

    public BunqEmulator Bunq { get; }

    public User Payer { get; }

    public User Payee { get; }

    /// <summary>Starts it all; the payer's top-up happens before any filter exists, so it raises no callback.</summary>
    public static async Task<PaymentScene> StartAsync(decimal topUp = 50m)
    {
        CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        BunqEmulator bunq = await Sandbox.StartAsync(receiver);
        return new PaymentScene(receiver, bunq, await Sandbox.UserAsync(bunq, topUp), await Sandbox.UserAsync(bunq));
    }

    public async ValueTask DisposeAsync()
    {
        await Payee.DisposeAsync();
        await Payer.DisposeAsync();
        await Bunq.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
