namespace Bunq.Emulator;

/// <summary>What the inspector knows about a request's signature.</summary>
internal enum SignatureVerdict
{
    /// <summary>No key to check against (installation, sandbox-user, an unknown token) or refused earlier.</summary>
    NotChecked,
    Valid,
    Missing,
    Invalid,
}

/// <summary>One request as the inspector shows it; <see cref="Token"/> names the installation or session, never the secret.</summary>
internal sealed record InspectorEntry(
    DateTimeOffset Time, string Method, string Path, int Status, string Token, SignatureVerdict Signature, int BodyLength, string BodySha256, string RateLimit);

/// <summary>The inspector's request log: the last <see cref="Capacity"/> requests, so a long-running emulator stays small.</summary>
internal sealed class InspectorLog
{
    public const int Capacity = 500;
    private readonly Queue<InspectorEntry> _entries = new();

    public void Add(InspectorEntry entry)
    {
        lock (_entries)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry);
        }
    }

    public IReadOnlyList<InspectorEntry> Snapshot()
    {
        lock (_entries)
        {
            return _entries.ToArray();
        }
    }
}
