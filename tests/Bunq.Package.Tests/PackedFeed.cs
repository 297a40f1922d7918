using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Bunq.Package.Tests;

/// <summary>
/// Packs Bunq.Generators and the optional Bunq.Generators.Redis once, from a copy of the sources (so the pack never
/// touches the build outputs other tests are running from), into a folder feed the consumer projects restore from.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    public PackedFeed()
    {
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        Feed = Path.Combine(Work, "feed");
        string sources = CopySources();
        foreach (string project in new[] { Path.Combine("Bunq.Client", "Bunq.Client.csproj"), Path.Combine("Bunq.Client.Redis", "Bunq.Client.Redis.csproj") })
        {
            Run("dotnet", ["pack", Path.Combine(sources, "src", project), "-c", "Release", "-o", Feed, $"-p:Version={Version}"], sources).AssertSucceeded("pack " + project);
        }
    }

    /// <summary>The temporary folder everything lives in.</summary>
    public string Work { get; } = Directory.CreateTempSubdirectory("bunq-package-").FullName;

    /// <summary>The folder feed holding both packages.</summary>
    public string Feed { get; }

    /// <summary>The version both were packed with.</summary>
    public string Version { get; }

    /// <summary>The .nuspec inside the package <paramref name="id"/>.</summary>
    public string Nuspec(string id)
    {
        using ZipArchive package = ZipFile.OpenRead(Path.Combine(Feed, $"{id}.{Version}.nupkg"));
        using var reader = new StreamReader(package.GetEntry(id + ".nuspec")!.Open());
        return reader.ReadToEnd();
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

    /// <summary>A consumer project in its own folder that references <paramref name="package"/> from the feed.</summary>
    public string CreateConsumer(string name, string package)
    {
        string consumer = Path.Combine(Work, name);
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
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
        // Keeps the repository's build settings (and anything above the temp folder) out of the consumer.
        File.WriteAllText(Path.Combine(Work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Work, "Directory.Packages.props"), "<Project />");
        return consumer;
    }

    public static Result Run(string file, string[] arguments, string directory)
    {
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
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 5 minutes:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    /// <summary>What packing needs: the projects, the catalogue sources they link (src/Shared) and the data they embed.</summary>
    private string CopySources()
    {
        string root = Bunq.Testing.TestPaths.RepositoryRoot();
        string target = Path.Combine(Work, "sources");
        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md", ".editorconfig" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, file))!);
            File.Copy(Path.Combine(root, file), Path.Combine(target, file));
        }

        string[] folders =
        [
            Path.Combine("src", "Bunq.Client"), Path.Combine("src", "Bunq.Client.Redis"), Path.Combine("src", "Bunq.Generators"),
            Path.Combine("src", "Bunq.Generators.CodeFixes"), Path.Combine("src", "Shared"), "data",
        ];
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

    public sealed record Result(int ExitCode, string Output)
    {
        public void AssertSucceeded(string step) => Assert.True(ExitCode == 0, $"{step} failed ({ExitCode}):\n{Output}");
    }
}
