namespace Bunq;

/// <summary>
/// The static endpoint table the generator emits; the signing handler looks requests up by the
/// <c>Refit.InterfaceType</c>/<c>Refit.MethodName</c> options Refit sets. No reflection at run time.
/// </summary>
public sealed class BunqEndpointManifest
{
    private readonly Dictionary<(Type, string), BunqEndpointEntry> _entries;

    /// <summary>Builds the table.</summary>
    public BunqEndpointManifest(IEnumerable<BunqEndpointEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = new Dictionary<(Type, string), BunqEndpointEntry>();
        foreach (BunqEndpointEntry entry in entries)
        {
            _entries[(entry.InterfaceType, entry.MethodName)] = entry;
        }
    }

    /// <summary>An empty manifest: every request is signed.</summary>
    public static BunqEndpointManifest Empty { get; } = new([]);

    /// <summary>All entries.</summary>
    public IReadOnlyCollection<BunqEndpointEntry> Entries => _entries.Values;

    /// <summary>Finds the entry for a method.</summary>
    public bool TryGet(Type interfaceType, string methodName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BunqEndpointEntry? entry) =>
        _entries.TryGetValue((interfaceType, methodName), out entry);

    /// <summary>Merges several manifests (a client's and the runtime's own).</summary>
    public static BunqEndpointManifest Combine(params BunqEndpointManifest[] manifests) =>
        new(manifests.SelectMany(m => m.Entries));
}
