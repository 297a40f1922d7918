namespace Bunq;

/// <summary>Which bunq deployment to talk to.</summary>
public enum BunqEnvironment
{
    /// <summary><c>https://api.bunq.com/v1/</c>.</summary>
    Production,

    /// <summary><c>https://public-api.sandbox.bunq.com/v1/</c>.</summary>
    Sandbox,
}
