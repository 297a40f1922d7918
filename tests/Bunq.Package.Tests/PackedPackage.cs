using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bunq.Package.Tests;

/// <summary>
/// Packs every package of the repository once, from a copy of the sources (src, data), into a folder feed; the
/// tests build consumer projects against it. Packing is the slow part, so it is done once for every class of the
/// collection <see cref="Collection"/> (and the heavy classes then run one after the other, not side by side).
/// </summary>
public sealed class PackedPackage : IDisposable
{
    /// <summary>The xunit collection whose classes share one packed feed.</summary>
    public const string Collection = "packed packages";

    public PackedPackage()
    {
        Work = Directory.CreateTempSubdirectory("bunq-package-").FullName;
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        Feed = Path.Combine(Work, "feed");
        try
        {
            Pack();
        }
        catch
        {
            Dispose(); // xunit never disposes a fixture whose constructor threw
            throw;
        }

        // Keeps the repository's build settings (and anything above the temp folder) out of the consumers.
        File.WriteAllText(Path.Combine(Work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Work, "Directory.Packages.props"), "<Project />");
    }

    private void Pack()
    {
        string sources = CopySources();

        // Every package of the repository in one pack (as the root `dotnet pack` makes them), built as CI builds them
        // (ContinuousIntegrationBuild: deterministic, source paths mapped to /_/), from a git repository without a remote
        // (SourceLink then falls back to RepositoryUrl at the commit).
        Git(sources, "init", "-q");
        Git(sources, "add", "-A");
        Git(sources, "-c", "user.name=tests", "-c", "user.email=tests@localhost", "commit", "-q", "-m", "sources");
        Commit = Git(sources, "rev-parse", "HEAD").Trim();
        string solution = Path.Combine(sources, "packages.slnx");
        File.WriteAllText(solution, "<Solution>\n" + string.Concat(
            Directory.EnumerateDirectories(Path.Combine(sources, "src")).SelectMany(d => Directory.EnumerateFiles(d, "*.csproj")).Order(StringComparer.Ordinal)
                .Select(p => $"  <Project Path=\"{Path.GetRelativePath(sources, p)}\" />\n")) + "</Solution>\n");
        Run("dotnet", ["pack", solution, "-c", "Release", "-o", Feed, $"-p:Version={Version}", "-p:ContinuousIntegrationBuild=true"], sources, TimeSpan.FromMinutes(15)).AssertSucceeded("pack");
    }

    /// <summary>Every package the repository ships (each <c>src</c> folder is named for its package id).</summary>
    public static string[] Ids { get; } = ["Bunq.Generators", "Bunq.Generators.Redis", "Bunq.Emulator.Testing", "Bunq.Emulator", "Bunq.Templates", "Bunq.Emulator.Aspire", "Bunq.Generators.AspNetCore"];

    public string Work { get; }

    public string Feed { get; }

    public string Version { get; }

    /// <summary>The commit of the git repository the packages were packed from.</summary>
    public string Commit { get; private set; } = string.Empty;

    /// <summary>The path of package <paramref name="id"/> in the feed (<c>.snupkg</c> for its symbols).</summary>
    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public string NupkgPath => Path.Combine(Feed, $"Bunq.Generators.{Version}.nupkg");

    /// <summary>The .nuspec inside the package <paramref name="id"/>.</summary>
    public string Nuspec(string id)
    {
        using System.IO.Compression.ZipArchive nupkg = System.IO.Compression.ZipFile.OpenRead(Path.Combine(Feed, $"{id}.{Version}.nupkg"));
        using var reader = new StreamReader(nupkg.GetEntry(id + ".nuspec")!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>A fresh console project (implicit usings and nullable on, as <c>dotnet new console</c>) referencing only <paramref name="package"/>.</summary>
    public string CreateConsumer(string name, string package = "Bunq.Generators")
    {
        string consumer = Path.Combine(Work, name);
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{package}" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        // Adds the folder feed to the machine's configured sources (no <clear/>).
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="bunq-test-feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        return consumer;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a build server may still hold a file for a moment
        }
    }

    public static Result Run(string file, string[] arguments, string directory, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? TimeSpan.FromMinutes(5);
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {limit.TotalMinutes} minutes:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    /// <summary>A copy of what packing needs, so the pack never touches the build outputs other tests are running from.</summary>
    private string CopySources()
    {
        string root = Bunq.Testing.TestPaths.RepositoryRoot();
        string target = Path.Combine(Work, "sources");
        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md", "CHANGELOG.md", ".editorconfig" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, file))!);
            File.Copy(Path.Combine(root, file), Path.Combine(target, file));
        }

        // The projects, the catalogue sources they link (src/Shared) and the catalogue data they embed (data).
        string[] folders = ["src", "data"];
        foreach (string folder in folders)
        {
            string from = Path.Combine(root, folder);
            foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(from, file);
                if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
                {
                    continue;
                }

                string destination = Path.Combine(target, folder, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }

        return target;
    }

    private static string Git(string directory, params string[] arguments)
    {
        Result result = Run("git", arguments, directory);
        result.AssertSucceeded("git " + string.Join(' ', arguments));
        return result.Output;
    }

    public sealed record Result(int ExitCode, string Output)
    {
        public void AssertSucceeded(string step) => Assert.True(ExitCode == 0, $"{step} failed ({ExitCode}):\n{Output}");
    }
}

/// <summary>The classes that build against the packed feed: one <see cref="PackedPackage"/> for all of them.</summary>
[CollectionDefinition(PackedPackage.Collection)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>;
