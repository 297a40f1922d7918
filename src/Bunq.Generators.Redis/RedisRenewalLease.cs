using StackExchange.Redis;

namespace Bunq;

/// <summary>
/// This process's hold on the fleet's renewal lock. While held it keeps the lock's expiry fresh (a third of the expiry
/// apart), so a renewal that waits its full 30 s for bunq's session-server permit keeps the lock however short the
/// expiry: only a holder that died (no more heartbeats) lets the lock run out and another instance take over.
/// Disposing it stops the heartbeat and releases the lock if this process still owns it.
/// </summary>
internal sealed class RedisRenewalLease : IAsyncDisposable
{
    // Compare-and-act: only the owner's token extends or releases the lock, never a lock another instance took after
    // this one's expired (Redis away for longer than the expiry).
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
    private const string ExtendScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

    private readonly BunqRedisContextStore _store;
    private readonly RedisKey _key;
    private readonly RedisValue _token;
    private readonly TimeSpan _expiry;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;

    public RedisRenewalLease(BunqRedisContextStore store, RedisKey key, string token, TimeSpan expiry)
    {
        _store = store;
        _key = key;
        _token = token;
        _expiry = expiry;
        _heartbeat = HeartbeatAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        _stop.Dispose();
        try
        {
            await _store.Run(db => db.ScriptEvaluateAsync(ReleaseScript, [_key], [_token])).ConfigureAwait(false);
        }
        catch (BunqContextStoreException)
        {
            // Redis is away: the lock frees itself at its expiry, and the caller's own outcome matters more.
        }
    }

    // Real time, not the client's TimeProvider: the expiry runs in Redis, on Redis's clock.
    private async Task HeartbeatAsync()
    {
        long expiryMillis = (long)Math.Ceiling(_expiry.TotalMilliseconds);
        while (true)
        {
            try
            {
                await Task.Delay(_expiry / 3, _stop.Token).ConfigureAwait(false);
                if ((long)await _store.Run(db => db.ScriptEvaluateAsync(ExtendScript, [_key], [_token, expiryMillis])).ConfigureAwait(false) == 0)
                {
                    return; // no longer ours (it ran out while Redis was away): nothing left to keep
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (BunqContextStoreException)
            {
                // Redis is away: try again at the next beat; if it is back before the expiry, the lock is still ours.
            }
        }
    }
}
