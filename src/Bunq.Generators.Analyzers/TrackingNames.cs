namespace Bunq.Generators;

/// <summary>Tracking names of the incremental steps, for the cache tests.</summary>
internal static class TrackingNames
{
    public const string Endpoints = nameof(Endpoints);
    public const string IncludedEndpoints = nameof(IncludedEndpoints);
    public const string AllEndpoints = nameof(AllEndpoints);
    public const string Clients = nameof(Clients);
    public const string UniqueClients = nameof(UniqueClients);
    public const string ClientModels = nameof(ClientModels);
}
