// bunq-emulator [--port N] [--data-dir DIR] [--no-rate-limits] [--first-id N] [--help]: run it with
// `dotnet run --project src/Bunq.Emulator`, or install it as the .NET tool Bunq.Emulator.

// The runtime runs socket completions on its socket threads rather than queueing each to the thread pool (read before
// the first socket is made, so here, first): with Kestrel's inline scheduling (EmulatorCommandLine) a request goes from
// its bytes to its answer on one thread, and one caller's requests no longer wake a pool thread each. Every route runs
// under the state's one lock anyway; what this shares between connections on one socket thread is the TLS and the
// answer's RSA signature, CPU work. An explicit setting in the environment wins. (docs/benchmarks.md, P6 round two)
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

return await Bunq.Emulator.EmulatorProgram.RunAsync(args);
