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
    public const string RefitHeaderAttribute = "Refit.HeaderAttribute";
    public const string RefitHeadersAttribute = "Refit.HeadersAttribute";
    public const string RefitApiResponse = "Refit.ApiResponse`1";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string TaskOfT = "System.Threading.Tasks.Task`1";
    public const string BunqList = "Bunq.BunqList`1";
    public const string JsonPropertyNameAttribute = "System.Text.Json.Serialization.JsonPropertyNameAttribute";
    public const string JsonIgnoreAttribute = "System.Text.Json.Serialization.JsonIgnoreAttribute";
    public const string JsonExtensionDataAttribute = "System.Text.Json.Serialization.JsonExtensionDataAttribute";
    public const string Stream = "System.IO.Stream";
    public const string HttpContent = "System.Net.Http.HttpContent";
    public const string HttpResponseMessage = "System.Net.Http.HttpResponseMessage";
}
