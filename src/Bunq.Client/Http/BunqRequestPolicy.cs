namespace Bunq;

/// <summary>Which token a request carries in <c>X-Bunq-Client-Authentication</c>.</summary>
public enum BunqAuthentication
{
    /// <summary>No token: <c>POST /installation</c> and sandbox-user creation. Not signed; the response is not verified (no server key yet).</summary>
    None,

    /// <summary>The installation token: device-server, session-server, the server-public-key lookup.</summary>
    Installation,

    /// <summary>The session token: every other call.</summary>
    Session,
}

/// <summary>What the generator knows of one endpoint method.</summary>
/// <param name="InterfaceType">The <c>[BunqEndpoint]</c> interface.</param>
/// <param name="MethodName">The method (unique within its interface: BUNQ005 forbids overloads).</param>
/// <param name="HttpMethod">The verb.</param>
/// <param name="RouteTemplate">The Refit route template.</param>
/// <param name="Signed">Whether the body is signed.</param>
public sealed record BunqEndpointEntry(Type InterfaceType, string MethodName, string HttpMethod, string RouteTemplate, bool Signed);

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

/// <summary>Keys for <see cref="HttpRequestMessage.Options"/> that steer the bunq handlers.</summary>
public static class BunqRequestOptions
{
    /// <summary>Overrides the token kind the path implies.</summary>
    public static readonly HttpRequestOptionsKey<BunqAuthentication> Authentication = new("Bunq.Authentication");

    /// <summary>Overrides whether the body is signed. Requests without it and without a manifest entry are signed (fail closed).</summary>
    public static readonly HttpRequestOptionsKey<bool> Signed = new("Bunq.Signed");

    internal static readonly HttpRequestOptionsKey<BunqCredentials> Credentials = new("Bunq.Credentials");

    // Refit's own keys (Refit.HttpRequestMessageOptions): set on every generated request.
    internal static readonly HttpRequestOptionsKey<Type> RefitInterfaceType = new(Refit.HttpRequestMessageOptions.InterfaceType);
    internal static readonly HttpRequestOptionsKey<string> RefitMethodName = new(Refit.HttpRequestMessageOptions.MethodName);

    /// <summary>The request's token kind: its <see cref="Authentication"/> option when set, else what its path implies.</summary>
    internal static BunqAuthentication AuthenticationOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Authentication, out BunqAuthentication explicitKind)
            ? explicitKind
            : AuthenticationFor(request.Method, request.RequestUri!);

    /// <summary>
    /// The token kind bunq expects for a path, the way bunq's SDKs decide it: installation and sandbox-user creation carry
    /// none, the context-creation calls carry the installation token, everything else the session token.
    /// </summary>
    public static BunqAuthentication AuthenticationFor(HttpMethod method, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ReadOnlySpan<char> rest = BunqPath.AfterVersion(uri.AbsolutePath);
        if (!BunqPath.NextSegment(ref rest, out ReadOnlySpan<char> first))
        {
            return BunqAuthentication.Session;
        }

        bool only = !BunqPath.NextSegment(ref rest, out _);
        return first switch
        {
            "installation" when only && method == HttpMethod.Post => BunqAuthentication.None,
            "sandbox-user-person" or "sandbox-user-company" => BunqAuthentication.None,
            "installation" or "device-server" or "session-server" or "payment-service-provider-credential" => BunqAuthentication.Installation,
            _ => BunqAuthentication.Session,
        };
    }
}
