namespace Bunq.Generators;

/// <summary>Metadata names the generator and analyzers look up; the one place they are spelled.</summary>
internal static class KnownTypeNames
{
    public const string BunqEndpointAttribute = "Bunq.BunqEndpointAttribute";
    public const string SignedAttribute = "Bunq.SignedAttribute";
    public const string BunqClientAttribute = "Bunq.BunqClientAttribute";
    public const string RefitHttpMethodAttribute = "Refit.HttpMethodAttribute";
    public const string RefitBodyAttribute = "Refit.BodyAttribute";
    public const string CancellationToken = "System.Threading.CancellationToken";
}

/// <summary>Tracking names of the incremental steps, for the cache tests.</summary>
internal static class TrackingNames
{
    public const string Endpoints = nameof(Endpoints);
    public const string AllEndpoints = nameof(AllEndpoints);
    public const string Clients = nameof(Clients);
    public const string ClientModels = nameof(ClientModels);
}
