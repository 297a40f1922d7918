using System.Collections.Concurrent;
using System.ComponentModel;

namespace Bunq.Generated;

/// <summary>
/// The static endpoint table the generator emits; each call's facts are looked up in it by the
/// <c>Refit.InterfaceType</c>/<c>Refit.MethodName</c> options Refit sets. No reflection at run time. For generated code;
/// not meant to be used directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BunqEndpointManifest
{
    private readonly Dictionary<(Type, string), BunqEndpointEntry> _entries;

    // Every endpoint method's facts, worked out at its first call and kept: a call then costs a lookup, not a derivation.
    // Bounded by the methods of the interfaces sent through the client (entries or not).
    private readonly ConcurrentDictionary<(Type, string), BunqOperationFacts> _operations = new();

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

    /// <summary>
    /// The facts of the operation <paramref name="request"/> is made to: for a Refit method, from its entry (or, without
    /// one, Refit's route template), worked out once; for a request made by hand, from its path.
    /// </summary>
    internal BunqOperationFacts OperationOf(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(BunqRequestOptions.RefitInterfaceType, out Type? type)
            && request.Options.TryGetValue(BunqRequestOptions.RefitMethodName, out string? method))
        {
            return _operations.TryGetValue((type, method), out BunqOperationFacts? known)
                ? known
                : _operations.GetOrAdd((type, method), static (key, state) => state.Self.Derive(key, state.Request), (Self: this, Request: request));
        }

        return BunqOperationFacts.Derive(request.Method, PathOf(request), isTemplate: false, entry: null);
    }

    private BunqOperationFacts Derive((Type, string) key, HttpRequestMessage request)
    {
        _entries.TryGetValue(key, out BunqEndpointEntry? entry);
        string? template = entry?.RouteTemplate
            ?? (request.Options.TryGetValue(BunqRequestOptions.RefitRouteTemplate, out string? refit) ? refit : null);
        return template is not null
            ? BunqOperationFacts.Derive(request.Method, template, isTemplate: true, entry)
            : BunqOperationFacts.Derive(request.Method, PathOf(request), isTemplate: false, entry);
    }

    private static string PathOf(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString ?? "/";

    /// <summary>Merges several manifests (a client's and the runtime's own).</summary>
    public static BunqEndpointManifest Combine(params BunqEndpointManifest[] manifests) =>
        new(manifests.SelectMany(m => m.Entries));
}
