using System.Collections;

namespace Bunq.Emulator;

/// <summary>
/// Every payment, in the order made, with an index by id: an emulator driven hard keeps tens of thousands, and a
/// payment's GET, a batch's, a schedule's or a bunq.me tab's answer looked each one up by scanning them all.
/// Not thread-safe: callers hold the state's lock, as for every other part of the state.
/// </summary>
internal sealed class PaymentBook : IReadOnlyList<Payment>
{
    private readonly List<Payment> _all = [];
    private readonly Dictionary<long, Payment> _byId = [];

    public int Count => _all.Count;

    public Payment this[int index] => _all[index];

    public void Add(Payment payment)
    {
        _byId.TryAdd(payment.Id, payment); // ids are unique (one sequence); the first stays found, as a scan would find it
        _all.Add(payment);
    }

    /// <summary>The payment with <paramref name="id"/>, or null.</summary>
    public Payment? Find(long id) => _byId.GetValueOrDefault(id);

    public bool Exists(Predicate<Payment> match) => _all.Exists(match);

    public IEnumerator<Payment> GetEnumerator() => _all.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
