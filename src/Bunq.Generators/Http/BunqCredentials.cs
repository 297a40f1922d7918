namespace Bunq;

/// <summary>The keys and token one request is sent with.</summary>
/// <param name="ClientKey">Signs the request body.</param>
/// <param name="ServerKey">Verifies the response; null only before installation.</param>
/// <param name="Token">The installation or session token; null for unauthenticated calls.</param>
internal sealed record BunqCredentials(BunqKeyPair ClientKey, BunqServerPublicKey? ServerKey, BunqSecret? Token)
{
    /// <summary>Never shows the token or key.</summary>
    public override string ToString() => $"BunqCredentials(token: {(Token is null ? "none" : "***")}, server key: {(ServerKey is null ? "none" : "set")})";
}
