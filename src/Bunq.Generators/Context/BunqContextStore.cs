namespace Bunq;

/// <summary>Ready-made stores.</summary>
public static partial class BunqContextStore
{
    /// <summary>Keeps the context in memory only: every process creates a new installation.</summary>
    public static IBunqContextStore InMemory() => new InMemoryStore();

    private sealed class InMemoryStore : IBunqContextStore
    {
        private BunqApiContext? _context;

        public ValueTask<BunqApiContext?> LoadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Volatile.Read(ref _context));

        public ValueTask SaveAsync(BunqApiContext context, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _context, context);
            return ValueTask.CompletedTask;
        }
    }
}
