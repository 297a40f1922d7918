using System.Globalization;
using Bunq.Emulator;

// dotnet run --project src/Bunq.Emulator -- --port N   (0 = pick a free port)
int port = 0;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] is "--port" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p <= 65535)
    {
        port = p;
        i++;
    }
    else if (args[i] is "--help" or "-h")
    {
        Console.WriteLine("Usage: Bunq.Emulator [--port N]   serves bunq's API over HTTPS on 127.0.0.1 until stopped (Ctrl+C).");
        return 0;
    }
    else
    {
        Console.Error.WriteLine($"Unknown or malformed argument '{args[i]}'. Usage: Bunq.Emulator [--port N]");
        return 2;
    }
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

await using BunqEmulator emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { Port = port });
Console.WriteLine(emulator.ListeningLine);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;
