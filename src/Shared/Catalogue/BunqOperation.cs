namespace Bunq.Catalogue;

/// <summary>
/// One operation of bunq's API: a verb on a route template, with its request and response object types as bunq's
/// OpenAPI description gives them (corrected where data/bunq-facts.txt says it is wrong) and the facts the
/// description does not carry.
/// </summary>
internal sealed class BunqOperation
{
    public BunqOperation(string verb, string route, string? requestType, string? responseType, bool responseIsList, OperationFacts? facts = null)
    {
        Verb = verb;
        Route = route;
        RouteKey = CatalogueRoute.Key(route);
        RequestType = requestType;
        ResponseType = responseType;
        ResponseIsList = responseIsList;
        Facts = facts ?? OperationFacts.Unknown;
    }

    /// <summary>Upper-case HTTP verb: GET, POST, PUT, DELETE or PATCH.</summary>
    public string Verb { get; }

    /// <summary>The route relative to /v1 with bunq's placeholder names, e.g. <c>/user/{userID}/payment</c>.</summary>
    public string Route { get; }

    /// <summary>The route with every placeholder written <c>{}</c>: two routes match when their keys are equal.</summary>
    public string RouteKey { get; }

    /// <summary>The request body's object type, or null when the operation takes none.</summary>
    public string? RequestType { get; }

    /// <summary>The response's object type, or null when the description gives none.</summary>
    public string? ResponseType { get; }

    /// <summary>True when the response is a list of <see cref="ResponseType"/>.</summary>
    public bool ResponseIsList { get; }

    /// <summary>What bunq's docs, SDKs and measured answers say of the operation beyond the description.</summary>
    public OperationFacts Facts { get; }

    /// <summary>The catalogue line of this operation (without the leading "O" and tab).</summary>
    public override string ToString() =>
        Verb + "\t" + Route + "\t" + (RequestType ?? "-") + "\t" + (ResponseType is null ? "-" : ResponseType + (ResponseIsList ? "[]" : ""))
        + "\t" + Facts;
}
