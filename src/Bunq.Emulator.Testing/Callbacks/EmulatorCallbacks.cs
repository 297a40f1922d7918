namespace Bunq.Emulator;

/// <summary>
/// What the emulator sent to callback targets, for tests: every callback with its tries and outcome, a way to await the
/// next one that matches (no sleeping), and a fault that alters a callback's body so a receiver's confirmation can be
/// tested.
/// </summary>
public sealed class EmulatorCallbacks
{
    private readonly CallbackDispatcher _dispatcher;

    internal EmulatorCallbacks(CallbackDispatcher dispatcher) => _dispatcher = dispatcher;

    /// <summary>The callbacks so far, oldest first: the newest 10,000 finished ones and every one still being tried.</summary>
    public IReadOnlyList<EmulatorCallback> Sent => _dispatcher.Snapshot();

    /// <summary>
    /// The first callback, already recorded or still to come, that satisfies <paramref name="match"/>; the predicate sees
    /// each callback again after every try, so <c>c =&gt; c.Outcome == EmulatorCallbackOutcome.Delivered</c> waits for a
    /// delivery and <c>c =&gt; c.Attempts.Count == 2</c> for a second try.
    /// </summary>
    public Task<EmulatorCallback> WaitForAsync(Func<EmulatorCallback, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return _dispatcher.WaitForAsync(match, cancellationToken);
    }

    /// <summary>
    /// Alters the body of the next <paramref name="count"/> callbacks sent, after it was recorded: the object's
    /// <c>amount</c> (or <c>description</c>) no longer says what bunq holds, as a forged or tampered callback would.
    /// <see cref="EmulatorCallback.Body"/> keeps what the emulator meant to send.
    /// </summary>
    public void TamperNext(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _dispatcher.Tamper(count);
    }
}
