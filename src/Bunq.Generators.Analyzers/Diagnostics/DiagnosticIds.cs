namespace Bunq.Generators.Diagnostics;

/// <summary>Diagnostic ids. Never reused: a retired id stays retired.</summary>
internal static class DiagnosticIds
{
    public const string UnsignedEndpoint = "BUNQ001";
    public const string MissingHttpVerb = "BUNQ002";
    public const string RouteNotRelative = "BUNQ003";
    public const string ContextRouteDeclared = "BUNQ004";
    public const string OverloadedEndpoint = "BUNQ005";
    public const string SignedOutsideEndpoint = "BUNQ006";
    public const string ClientNotPartialClass = "BUNQ007";
    public const string MissingCancellationToken = "BUNQ008";
    public const string BodyOnBodilessVerb = "BUNQ009";
    public const string RefitGeneratorDisabled = "BUNQ010";
    public const string DuplicateEndpointProperty = "BUNQ011";
    public const string RouteUnknownToBunq = "BUNQ012";
    public const string VerbNotOfferedByBunq = "BUNQ013";
    public const string BodyPropertyUnknownToBunq = "BUNQ014";
    public const string RouteRepeatsVersion = "BUNQ015";
    public const string ResponsePropertyUnknownToBunq = "BUNQ016";
    public const string EndpointPropertyClash = "BUNQ017";
    public const string EndpointNotBuildable = "BUNQ018";
    public const string GenericEndpointMethod = "BUNQ019";
    public const string ReferencedEndpointsNotIncluded = "BUNQ020";
    public const string UnusableOpenApiFile = "BUNQ021";
    public const string RawBytesMismatch = "BUNQ022";
}
