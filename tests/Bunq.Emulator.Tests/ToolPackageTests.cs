using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The emulator as users install it: packed as the .NET tool <c>Bunq.Emulator</c> from a copy of the sources, installed
/// from that folder into a temporary tool path, run as <c>bunq-emulator</c>, stopped with SIGTERM.
/// </summary>
public sealed partial class ToolPackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bunq-emulator-tool-").FullName;

    [Fact]
    public async Task The_packed_tool_installs_into_a_tool_path_and_serves_until_sigterm()
    {
        string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        string feed = Path.Combine(_work, "feed"), tools = Path.Combine(_work, "tools");
        string sources = CopySources();

        Run(["pack", Path.Combine(sources, "src", "Bunq.Emulator", "Bunq.Emulator.csproj"), "-c", "Release", "-o", feed, $"-p:Version={version}"], sources);
        Assert.True(File.Exists(Path.Combine(feed, $"Bunq.Emulator.{version}.nupkg")));
        Run(["tool", "install", "--tool-path", tools, "--add-source", feed, "Bunq.Emulator", "--version", version], _work);

        using Process emulator = Process.Start(new ProcessStartInfo(Path.Combine(tools, "bunq-emulator"), ["--port", "0", "--no-rate-limits"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            string? line = await emulator.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Match listening = ContractLine().Match(line ?? string.Empty);
            Assert.True(listening.Success, $"unexpected first line: {line}");
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null
                    && "sha256/" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo())) == listening.Groups["pin"].Value,
            };
            using var client = new HttpClient(handler);
            using HttpResponseMessage created = await client.PostAsync(listening.Groups["url"].Value + "sandbox-user-person", null);
            Assert.Contains("sandbox_", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            Process.Start("kill", ["-TERM", emulator.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await emulator.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, emulator.ExitCode);
        }
        finally
        {
            if (!emulator.HasExited)
            {
                emulator.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a build server may still hold a file for a moment
        }
    }

    /// <summary>What packing the tool needs, without bin/obj: packing in the repository would rebuild what this test runs from.</summary>
    private string CopySources()
    {
        string root = Bunq.Testing.TestPaths.FindUpwards("Bunq.Generators.sln") is { } sln ? Path.GetDirectoryName(sln)! : throw new InvalidOperationException("repository root not found");
        string target = Path.Combine(_work, "src-copy");
        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig", "data/bunq-catalogue.txt" })
        {
            Copy(Path.Combine(root, file), Path.Combine(target, file));
        }

        foreach (string folder in new[] { "src/Bunq.Emulator", "src/Bunq.Emulator.Testing", "src/Shared" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
            {
                Copy(file, Path.Combine(target, Path.GetRelativePath(root, file)));
            }
        }

        return target;
    }

    private static void Copy(string from, string to)
    {
        if (File.Exists(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
    }

    private static void Run(string[] arguments, string directory)
    {
        var info = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // leave no build server behind
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using Process process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 10 minutes:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output}");
        }
    }

    [GeneratedRegex(@"^Bunq emulator listening on (?<url>https://127\.0\.0\.1:\d+/v1/) pin (?<pin>sha256/[A-Za-z0-9+/=]{44})$")]
    private static partial Regex ContractLine();
}
