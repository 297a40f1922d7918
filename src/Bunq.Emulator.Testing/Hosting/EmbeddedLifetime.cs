using Microsoft.Extensions.Hosting;

namespace Bunq.Emulator;

/// <summary>
/// Replaces the host's console lifetime: an emulator inside a test process or a user's program must not take over
/// that process's Ctrl+C and SIGTERM. The executable stops the emulator itself when a signal arrives.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
