using System.Runtime.InteropServices;

namespace Bunq.Emulator;

/// <summary>
/// The executable (<c>dotnet run --project src/Bunq.Emulator</c>, packed as the .NET tool <c>bunq-emulator</c>):
/// <c>[--port N] [--data-dir DIR] [--no-rate-limits] [--first-id N] [--help]</c>, see <see cref="EmulatorCommandLine"/>.
/// </summary>
internal static class EmulatorProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        EmulatorCommandLine? commandLine = EmulatorCommandLine.Parse(args, out string? error);
        if (commandLine is null)
        {
            Console.Error.WriteLine(error);
            return 2;
        }

        if (commandLine.Help)
        {
            Console.WriteLine(EmulatorCommandLine.Usage);
            return 0;
        }

        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true; // we end the process ourselves, after the server has stopped
            stop.Cancel();
        }

        // Disposed before `stop` (reverse order), so no signal can reach a disposed token source.
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        BunqEmulator emulator;
        try
        {
            emulator = await BunqEmulator.StartAsync(commandLine.Options, stop.Token);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            Console.Error.WriteLine($"Port {commandLine.Options.Port} on {commandLine.Options.ListenAddress} is already in use; choose another with --port N (0 picks a free one).");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            Console.Error.WriteLine($"The emulator could not start: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        await using (emulator)
        {
            Console.WriteLine(emulator.ListeningLine);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // stopped by a signal: a clean exit
            }
        }

        return 0;
    }
}
