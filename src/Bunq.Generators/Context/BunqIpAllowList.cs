namespace Bunq;

/// <summary>
/// The IPs the API key may be used from, managed after the context exists (<c>credential-password-ip/{id}/ip</c>). The
/// call must come from an IP that is already allowed. bunq bills active IPs; the wildcard can only be set in the app.
/// </summary>
public sealed class BunqIpAllowList
{
    private readonly BunqConnection _connection;

    internal BunqIpAllowList(BunqConnection connection) => _connection = connection;

    /// <summary>Every IP on the allow-list, active or not.</summary>
    public async Task<IReadOnlyList<BunqPermittedIp>> ListAsync(CancellationToken cancellationToken = default)
    {
        (IBunqCredentialApi api, long userId, long credentialId) = await CredentialAsync(cancellationToken).ConfigureAwait(false);
        return (await api.ListIpsAsync(userId, credentialId, cancellationToken).ConfigureAwait(false)).Items;
    }

    /// <summary>Adds an active IPv4 address; returns its id.</summary>
    public async Task<long> AddAsync(string ip, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ip);
        (IBunqCredentialApi api, long userId, long credentialId) = await CredentialAsync(cancellationToken).ConfigureAwait(false);
        return (await api.AddIpAsync(userId, credentialId, new BunqPermittedIpRequest(ip, "ACTIVE"), cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>Deactivates an IP (bunq does not edit or delete them).</summary>
    public async Task DeactivateAsync(long ipId, CancellationToken cancellationToken = default)
    {
        (IBunqCredentialApi api, long userId, long credentialId) = await CredentialAsync(cancellationToken).ConfigureAwait(false);
        await api.SetIpStatusAsync(userId, credentialId, ipId, new BunqStatusRequest("INACTIVE"), cancellationToken).ConfigureAwait(false);
    }

    private async Task<(IBunqCredentialApi Api, long UserId, long CredentialId)> CredentialAsync(CancellationToken cancellationToken)
    {
        long userId = await _connection.GetUserIdAsync(cancellationToken).ConfigureAwait(false);
        IBunqCredentialApi api = _connection.CreateClient<IBunqCredentialApi>();
        BunqList<BunqCredentialPasswordIp> credentials = await api.ListCredentialsAsync(userId, cancellationToken).ConfigureAwait(false);
        BunqCredentialPasswordIp credential = credentials.Items.FirstOrDefault()
            ?? throw new BunqException("bunq returned no credential-password-ip for this user; the allow-list cannot be managed through the API.");
        return (api, userId, credential.Id);
    }
}
