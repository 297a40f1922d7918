namespace Bunq.Testing;

/// <summary>
/// A fact that reads bunq's OpenAPI description, which the repository carries at <c>data/bunq-openapi/swagger.json</c>
/// (MIT, bunq b.v.; its notice beside it). It never skips: a clone without the description is a broken clone, and a
/// skip would let the checks pass without checking anything.
/// </summary>
internal sealed class OpenApiFactAttribute : FactAttribute
{
    /// <summary>The description's path in this repository.</summary>
    public static string SwaggerPath => TestPaths.OpenApiDescription();
}
