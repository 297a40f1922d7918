namespace Bunq.Emulator;

/// <summary>
/// The newest <see cref="Capacity"/> items, oldest first: a ring that overwrites its oldest item, so a log that grows
/// with every request keeps a fixed size however long the emulator runs. Not thread-safe: callers lock.
/// </summary>
internal sealed class RingLog<T>(int capacity)
{
    private readonly T[] _items = new T[capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity))];
    private int _start;

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    /// <summary>How many items were dropped to keep the capacity.</summary>
    public long Dropped { get; private set; }

    public void Add(T item)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count++) % _items.Length] = item;
            return;
        }

        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
        Dropped++;
    }

    /// <summary>The newest <paramref name="count"/> items (all when fewer), oldest first.</summary>
    public T[] Newest(int count)
    {
        count = Math.Min(count, Count);
        var copy = new T[count];
        for (int i = 0; i < count; i++)
        {
            copy[i] = _items[(_start + Count - count + i) % _items.Length];
        }

        return copy;
    }

    public T[] ToArray() => Newest(Count);
}

/// <summary>
/// The request ids an installation used most recently, to refuse a reused one (bunq: "This request id has already been
/// used"). Remembering every id ever sent would grow with every request; the newest <c>capacity</c> are kept, far more
/// than a client's retries span. Not thread-safe: callers hold the state's lock.
/// </summary>
internal sealed class RecentIds(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _ids.Count;

    /// <summary>Adds <paramref name="id"/>; false when it is among the remembered ones.</summary>
    public bool Add(string id)
    {
        if (!_ids.Add(id))
        {
            return false;
        }

        _order.Enqueue(id);
        if (_order.Count > capacity)
        {
            _ids.Remove(_order.Dequeue());
        }

        return true;
    }
}
