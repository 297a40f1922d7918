namespace Bunq;

/// <summary>Keys for <see cref="HttpRequestMessage.Options"/> that steer the bunq handlers.</summary>
internal static class BunqRequestOptions
{
    /// <summary>Overrides the token kind bunq's catalogue gives the operation (<see cref="BunqOperationFacts"/>).</summary>
    public static readonly HttpRequestOptionsKey<BunqAuthentication> Authentication = new("Bunq.Authentication");

    /// <summary>Overrides whether the body is signed. Requests without it and without a manifest entry are signed (fail closed).</summary>
    public static readonly HttpRequestOptionsKey<bool> Signed = new("Bunq.Signed");

    // Refit's own keys (Refit.HttpRequestMessageOptions): set on every generated request.
    public static readonly HttpRequestOptionsKey<Type> RefitInterfaceType = new(Refit.HttpRequestMessageOptions.InterfaceType);
    public static readonly HttpRequestOptionsKey<string> RefitMethodName = new(Refit.HttpRequestMessageOptions.MethodName);
    public static readonly HttpRequestOptionsKey<string> RefitRouteTemplate = new(Refit.HttpRequestMessageOptions.RelativePathTemplate);
}
