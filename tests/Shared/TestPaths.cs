namespace Bunq.Testing;

/// <summary>
/// Finds repository files from the test binaries. Not from <c>[CallerFilePath]</c>: CI builds map source paths to
/// <c>/_/</c>, so only the output directory is a reliable starting point. Linked into each test project that needs it.
/// </summary>
internal static class TestPaths
{
    /// <summary>The first <paramref name="relative"/> path that exists in or above the test output directory.</summary>
    public static string? FindUpwards(string relative)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The directory holding <c>Bunq.Generators.sln</c> above the test output.</summary>
    public static string RepositoryRoot() =>
        Path.GetDirectoryName(FindUpwards("Bunq.Generators.sln"))
        ?? throw new InvalidOperationException("Bunq.Generators.sln not found above " + AppContext.BaseDirectory);

    /// <summary>bunq's OpenAPI description as the repository carries it (data/bunq-openapi, with bunq's MIT notice).</summary>
    public static string OpenApiDescription()
    {
        string path = Path.Combine(RepositoryRoot(), "data", "bunq-openapi", "swagger.json");
        return File.Exists(path) ? path : throw new FileNotFoundException("bunq's OpenAPI description is missing from the repository", path);
    }
}
