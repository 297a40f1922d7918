namespace Bunq.Generators;

/// <summary>Metadata names the generator and analyzers look up; the one place they are spelled.</summary>
internal static class KnownTypeNames
{
    public const string BunqEndpointAttribute = "Bunq.BunqEndpointAttribute";
    public const string SignedAttribute = "Bunq.SignedAttribute";
    public const string BunqClientAttribute = "Bunq.BunqClientAttribute";
    public const string BunqEndpointsFromAttribute = "Bunq.BunqEndpointsFromAttribute";
    public const string RefitHttpMethodAttribute = "Refit.HttpMethodAttribute";
    public const string RefitBodyAttribute = "Refit.BodyAttribute";
    public const string CancellationToken = "System.Threading.CancellationToken";
}
