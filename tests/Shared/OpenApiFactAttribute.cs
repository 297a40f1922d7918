namespace Bunq.Testing;

/// <summary>
/// A fact that needs bunq's OpenAPI description (shared/bunq-openapi/swagger.json beside the repository). Where the file
/// is absent (a lone clone) the test shows as skipped with the reason, instead of passing without checking anything.
/// </summary>
internal sealed class OpenApiFactAttribute : FactAttribute
{
    public OpenApiFactAttribute()
    {
        if (SwaggerPath is null)
        {
            Skip = "bunq's OpenAPI description (shared/bunq-openapi/swagger.json) is not beside the repository";
        }
    }

    /// <summary>The description's path, or null when it is not at hand.</summary>
    public static string? SwaggerPath { get; } = TestPaths.FindUpwards(Path.Combine("shared", "bunq-openapi", "swagger.json"));
}
