using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, without persistence, stopped by its process id. No mock: the
/// fleet's lock and rate budget are Redis semantics (SET NX PX, Lua, sorted sets) and only Redis proves them.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private Process? _process;

    private RedisServer(int port)
    {
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Configuration => "127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static RedisServer Start()
    {
        var server = new RedisServer(FreePort());
        server.Run();
        return server;
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Kills the server (SIGKILL): Redis is lost while clients run.</summary>
    public void Kill()
    {
        if (_process is { } process)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Starts it again on the same port, empty.</summary>
    public void Restart()
    {
        Kill();
        Run();
    }

    public void Dispose() => Kill();

    private void Run()
    {
        string executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed; the Redis tests need a real one (apt-get install -y redis-server; .ci/run does this).");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (int i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(25);
            }
        }

        throw new InvalidOperationException("redis-server did not start listening on port " + Port);
    }
}
