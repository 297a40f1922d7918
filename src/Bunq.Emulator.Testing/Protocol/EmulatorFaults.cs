namespace Bunq.Emulator;

/// <summary>What the emulator does wrong on purpose.</summary>
public enum BunqFaultKind
{
    /// <summary>Flip one byte of the body after signing it.</summary>
    TamperBody,

    /// <summary>Send the body with no <c>X-Bunq-Server-Signature</c>.</summary>
    DropSignature,

    /// <summary>Sign the body with a different RSA-2048 key.</summary>
    ForeignSignature,

    /// <summary>Cut the body short after signing it.</summary>
    TruncateBody,

    /// <summary>Answer 500 with bunq's error body, without running the route.</summary>
    ServerError,

    /// <summary>Answer 503 with a non-JSON body, without running the route.</summary>
    ServiceUnavailable,

    /// <summary>Answer 429 as bunq does (unsigned), without running the route.</summary>
    RateLimited,

    /// <summary>Wait <see cref="BunqFault.Delay"/> on the emulator's clock before answering.</summary>
    Delay,
}

/// <summary>One injected fault.</summary>
/// <param name="Kind">What goes wrong.</param>
/// <param name="PathContains">Only requests whose path contains this; null for any.</param>
/// <param name="Delay">For <see cref="BunqFaultKind.Delay"/>.</param>
public sealed record BunqFault(BunqFaultKind Kind, string? PathContains = null, TimeSpan Delay = default);

/// <summary>Fault injection: queued one-shot faults, and an optional seeded random mode.</summary>
public sealed class EmulatorFaults
{
    private readonly object _gate = new();
    private readonly List<BunqFault> _queued = [];
    private Random? _random;
    private double _probability;
    private BunqFaultKind[] _randomKinds = [];

    /// <summary>Queues <paramref name="fault"/> for the next <paramref name="count"/> matching requests.</summary>
    public void Inject(BunqFault fault, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            for (int i = 0; i < count; i++)
            {
                _queued.Add(fault);
            }
        }
    }

    /// <summary>
    /// From now on, each request meets one of <paramref name="kinds"/> with <paramref name="probability"/>, from a seeded
    /// generator — except <c>POST /installation</c>, whose answer no client can verify (there is no server key yet), so
    /// a random fault there would only test luck. Queue a fault with <see cref="Inject"/> to garble it on purpose.
    /// </summary>
    public void InjectRandomly(double probability, int seed, params BunqFaultKind[] kinds)
    {
        lock (_gate)
        {
            _random = new Random(seed);
            _probability = probability;
            _randomKinds = kinds;
        }
    }

    /// <summary>Removes every queued and random fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queued.Clear();
            _random = null;
        }
    }

    /// <summary>The one-shot faults still waiting, in order.</summary>
    internal IReadOnlyList<BunqFault> Queued
    {
        get
        {
            lock (_gate)
            {
                return _queued.ToArray();
            }
        }
    }

    internal BunqFault? Take(string method, string path)
    {
        lock (_gate)
        {
            int index = _queued.FindIndex(f => f.PathContains is null || path.Contains(f.PathContains, StringComparison.Ordinal));
            if (index >= 0)
            {
                BunqFault fault = _queued[index];
                _queued.RemoveAt(index);
                return fault;
            }

            bool verifiable = !(method == "POST" && path.EndsWith("/installation", StringComparison.Ordinal));
            if (verifiable && _random is not null && _randomKinds.Length > 0 && _random.NextDouble() < _probability)
            {
                return new BunqFault(_randomKinds[_random.Next(_randomKinds.Length)]);
            }

            return null;
        }
    }
}
