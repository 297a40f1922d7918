namespace Bunq;

/// <summary>Which token a request carries in <c>X-Bunq-Client-Authentication</c>.</summary>
internal enum BunqAuthentication
{
    /// <summary>No token: <c>POST /installation</c> and sandbox-user creation. Not signed; the response is not verified (no server key yet).</summary>
    None,

    /// <summary>The installation token: device-server, session-server, the server-public-key lookup.</summary>
    Installation,

    /// <summary>The session token: every other call.</summary>
    Session,
}
