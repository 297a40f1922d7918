namespace Bunq;

/// <summary>
/// One page of a bunq list (<c>{"Response":[{"Payment":{...}},...],"Pagination":{...}}</c>). Not itself a collection,
/// so JSON metadata for it stays an object and can be source-generated; iterate <see cref="Items"/>.
/// </summary>
public sealed class BunqList<T> : IBunqListBuilder
{
    private readonly List<T> _items = [];

    /// <summary>The items, in bunq's order (newest first for payments).</summary>
    public IReadOnlyList<T> Items => _items;

    /// <summary>Links to the neighbouring pages.</summary>
    public BunqPagination Pagination { get; private set; } = BunqPagination.None;

    Type IBunqListBuilder.ItemType => typeof(T);

    void IBunqListBuilder.Add(object? item) => _items.Add((T)item!);

    void IBunqListBuilder.SetPagination(BunqPagination pagination) => Pagination = pagination;
}

internal interface IBunqListBuilder
{
    Type ItemType { get; }

    void Add(object? item);

    void SetPagination(BunqPagination pagination);
}
