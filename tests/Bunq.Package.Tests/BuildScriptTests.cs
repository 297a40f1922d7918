using System.Diagnostics;
using System.Text;

namespace Bunq.Package.Tests;

/// <summary>
/// The README's test command, <c>./build.sh test</c>, sets itself up: it installs Debian's redis-server and chromium when
/// they are missing and it may (root, or <c>sudo -n</c>), and otherwise stops before testing with the one command to run.
/// Each case runs a copy of the real script with a PATH of its own: <c>apt-get</c>, <c>sudo</c> and <c>dotnet</c> there are
/// stand-ins that write down how they were called, so nothing is installed and no test suite starts.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // a bash script on Debian
public sealed class BuildScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-build-script-").FullName;

    public BuildScriptTests()
    {
        // open to the unprivileged user the no-permission case runs as: the stand-ins write down their calls here
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_111_111);
        Directory.CreateDirectory(Bin);
        File.SetUnixFileMode(Bin, (UnixFileMode)0b111_111_111);
        File.Copy(Path.Combine(Bunq.Testing.TestPaths.RepositoryRoot(), "build.sh"), Script);
        File.SetUnixFileMode(Script, (UnixFileMode)0b111_101_101);
        foreach (string tool in new[] { "bash", "id", "env" })
        {
            File.CreateSymbolicLink(Path.Combine(Bin, tool), Which(tool));
        }

        // apt-get: "installs" by leaving runnable stand-ins named like the packages
        Fake("apt-get", """if [ "$1" = install ]; then for p in "$@"; do case "$p" in -*|install) ;; *) printf '#!/bin/sh\n' > "$BIN/$p"; /bin/chmod 755 "$BIN/$p" ;; esac; done; fi""");
        Fake("dotnet", "exit 0");
    }

    private string Bin => Path.Combine(_dir, "bin");

    private string Script => Path.Combine(_dir, "build.sh");

    [Fact]
    public void Without_redis_server_and_without_permission_it_stops_before_testing_and_prints_the_one_command()
    {
        Fake("sudo", "echo 'sudo: a password is required' >&2; exit 1");

        Result result = RunScript(unprivileged: true);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("  sudo apt-get update && sudo apt-get install -y redis-server chromium\n", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("apt-get ", Calls(), StringComparison.Ordinal); // sudo -n true was asked, nothing more
        Assert.DoesNotContain("dotnet ", Calls(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_permission_it_installs_what_is_missing_then_runs_the_whole_suite()
    {
        Fake("sudo", """if [ "$1" = -n ]; then shift; fi; exec "$@" """);

        Result result = RunScript(unprivileged: false);

        Assert.True(result.ExitCode == 0, result.Output);
        string[] calls = Calls().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("apt-get update -qq", calls);
        Assert.Contains("apt-get install -y -qq redis-server chromium", calls);
        Assert.Equal("dotnet test Bunq.Generators.sln -c Release", calls[^1]);
    }

    [Fact]
    public void With_everything_present_it_installs_nothing_and_runs_the_whole_suite()
    {
        Fake("redis-server", "exit 0");
        Fake("chromium", "exit 0");
        Fake("sudo", "exit 1");

        Result result = RunScript(unprivileged: true, "--filter", "X");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("dotnet test Bunq.Generators.sln -c Release --filter X\n", Calls());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Calls() => File.Exists(Path.Combine(_dir, "calls")) ? File.ReadAllText(Path.Combine(_dir, "calls")) : string.Empty;

    private void Fake(string name, string body)
    {
        string path = Path.Combine(Bin, name);
        File.WriteAllText(path, $"""
            #!/bin/bash
            BIN='{Bin}'
            echo "{name} $*" >> '{_dir}/calls'
            {body}

            """);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    /// <summary>
    /// Runs <c>build.sh test</c> with only <see cref="Bin"/> on PATH. <paramref name="unprivileged"/>: as root, drop to
    /// nobody first (setpriv, util-linux), so "may not install" is real rather than pretended.
    /// </summary>
    private Result RunScript(bool unprivileged, params string[] extra)
    {
        bool root = GetUid() == 0;
        string[] arguments = ["test", .. extra];
        ProcessStartInfo info = unprivileged && root
            ? new ProcessStartInfo("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "--", Path.Combine(Bin, "bash"), Script, .. arguments])
            : new ProcessStartInfo(Path.Combine(Bin, "bash"), [Script, .. arguments]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = _dir;
        info.Environment.Clear();
        info.Environment["PATH"] = Bin;
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.Append(e.Data).Append('\n'); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.Append(e.Data).Append('\n'); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "build.sh did not finish within a minute");
        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    private static string Which(string tool) =>
        new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(tool + " not found in /usr/bin or /bin");

    private static int GetUid() => int.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Result(int ExitCode, string Output);
}
