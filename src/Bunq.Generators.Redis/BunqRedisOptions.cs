namespace Bunq;

/// <summary>
/// How a Redis context store (<c>BunqContextStore.Redis(configuration, protection, options)</c>)
/// names its keys, partitions the rate budget and frees a dead holder's renewal lock.
/// </summary>
public sealed class BunqRedisOptions
{
    /// <summary>The prefix of every key; one context per prefix, so use one prefix per API key. Default <c>bunq</c>.</summary>
    public string KeyPrefix { get; set; } = "bunq";

    /// <summary>
    /// The rate-budget partition: the egress IP the instances share, for fleets behind different IPs that share one
    /// Redis. Default: one partition per <see cref="KeyPrefix"/>.
    /// </summary>
    public string? PartitionKey { get; set; }

    /// <summary>
    /// When a renewal lock whose holder died frees itself for another instance. A live holder extends it every third
    /// of this time, so a renewal that waits 30 s for bunq's one session-server call per 30 s keeps it. Default 15 s.
    /// </summary>
    public TimeSpan RenewalLockExpiry { get; set; } = TimeSpan.FromSeconds(15);
}
