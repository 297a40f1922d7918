using System.Threading.Channels;

namespace Bunq.Emulator;

/// <summary>
/// Sends callbacks from a bounded queue, off the request path, with bunq's retry rule (its API docs, "Callbacks":
/// a failed callback — unreachable, or an error status — is tried again "for a maximum of 5 times, with an interval of
/// one minute between each try"), on the emulator's <see cref="TimeProvider"/>. After the sixth failure the callback is
/// listed by <c>notification-filter-failure</c>, whose POST queues it again. A full queue fails the callback at once
/// rather than slowing the API. A target gets one try at a time — the rest of its callbacks wait aside — so a slow or
/// hostile target holds one of the few workers, for at most one try's timeout, and never delays other targets.
/// </summary>
internal sealed class CallbackDispatcher : IAsyncDisposable
{
    public const int QueueCapacity = 1024;
    public const int MaxTries = 6;

    /// <summary>
    /// Callbacks kept for tests, the inspector and <c>notification-filter-failure</c>: the newest 10,000 finished ones
    /// (delivered or failed) beside those still being tried, so an emulator running for days keeps a bounded history.
    /// </summary>
    public const int HistoryCapacity = 10_000;
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);
    private const int Workers = 4;

    // Bounded by _waiting (queued here or set aside for a busy target), checked under _gate before every write.
    private readonly Channel<Delivery> _queue = Channel.CreateUnbounded<Delivery>();
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<Delivery>> _asideByTarget = new(StringComparer.Ordinal);
    private readonly HashSet<string> _busyTargets = new(StringComparer.Ordinal);
    private int _waiting;
    private readonly List<Delivery> _all = [];
    private readonly List<(Func<EmulatorCallback, bool> Match, TaskCompletionSource<EmulatorCallback> Done)> _waiters = [];
    private readonly TimeProvider _time;
    private readonly CallbackTransport _transport;
    private readonly CancellationTokenSource _stop = new();
    private Task[] _workers = []; // started with the first callback: an emulator nobody subscribes to runs none
    private long _nextId;
    private int _tamper;

    public CallbackDispatcher(BunqEmulatorOptions options)
    {
        _time = options.TimeProvider;
        _transport = new CallbackTransport(options.CallbackCertificateAuthority);
    }

    public void Enqueue(EmulatorEvent recorded, CallbackTopic topic, long subscriber, string target, byte[] body)
    {
        Delivery delivery;
        lock (_gate)
        {
            delivery = new Delivery(++_nextId, recorded, topic, subscriber, target, body);
            _all.Add(delivery);
            if (_all.Count > HistoryCapacity && _all.FindIndex(d => d.Outcome != EmulatorCallbackOutcome.Pending) is >= 0 and int oldest)
            {
                _all.RemoveAt(oldest); // the oldest finished one: those still being tried stay
            }
        }

        Queue(delivery);
    }

    /// <summary>The failed callbacks of a subscriber's filters, for <c>GET notification-filter-failure</c>.</summary>
    public IReadOnlyList<EmulatorCallback> Failures(long subscriber)
    {
        lock (_gate)
        {
            return _all.Where(d => d.Outcome == EmulatorCallbackOutcome.Failed && d.Subscriber == subscriber).Select(d => d.Snapshot()).ToArray();
        }
    }

    /// <summary>Queues again the failed callbacks of a subscriber whose object id is listed; returns how many.</summary>
    public int Retry(long subscriber, IReadOnlySet<long> objectIds)
    {
        List<Delivery> again;
        lock (_gate)
        {
            again = _all.Where(d => d.Outcome == EmulatorCallbackOutcome.Failed && d.Subscriber == subscriber && objectIds.Contains(d.Event.ObjectId)).ToList();
            foreach (Delivery delivery in again)
            {
                delivery.Outcome = EmulatorCallbackOutcome.Pending;
                delivery.TriesThisRound = 0;
            }
        }

        again.ForEach(Queue);
        return again.Count;
    }

    public IReadOnlyList<EmulatorCallback> Snapshot()
    {
        lock (_gate)
        {
            return _all.Select(d => d.Snapshot()).ToArray();
        }
    }

    public Task<EmulatorCallback> WaitForAsync(Func<EmulatorCallback, bool> match, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<EmulatorCallback>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            EmulatorCallback? found = _all.Select(d => d.Snapshot()).FirstOrDefault(match);
            if (found is not null)
            {
                return Task.FromResult(found);
            }

            _waiters.Add((match, done));
        }

        CancellationTokenRegistration registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }

            done.TrySetCanceled(cancellationToken);
        });
        // A long-lived token must not keep every finished wait alive.
        _ = done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return done.Task;
    }

    public void Tamper(int count) => Interlocked.Add(ref _tamper, count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false); // before the lock: no worker starts after this, and a cancelled try finishes outside it
        Task[] workers;
        lock (_gate)
        {
            workers = _workers;
            _all.ForEach(d => d.RetryTimer?.Dispose());
        }

        _queue.Writer.TryComplete();
        await Task.WhenAll(workers).ConfigureAwait(false);

        _transport.Dispose();
        _stop.Dispose();
    }

    private void Queue(Delivery delivery)
    {
        bool full;
        lock (_gate)
        {
            full = _waiting >= QueueCapacity;
            _waiting += full ? 0 : 1;
            if (_workers.Length == 0 && !_stop.IsCancellationRequested)
            {
                _workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)).ToArray();
            }
        }

        if (full || !_queue.Writer.TryWrite(delivery))
        {
            Finish(delivery, new EmulatorCallbackAttempt(_time.GetUtcNow(), null, "the emulator's callback queue is full"), delivered: false);
        }
    }

    /// <summary>Whether this worker may try <paramref name="delivery"/> now; otherwise it waits aside until its target is free.</summary>
    private bool TryStart(Delivery delivery)
    {
        lock (_gate)
        {
            if (!_busyTargets.Add(delivery.TargetKey))
            {
                if (!_asideByTarget.TryGetValue(delivery.TargetKey, out Queue<Delivery>? aside))
                {
                    _asideByTarget[delivery.TargetKey] = aside = new Queue<Delivery>();
                }

                aside.Enqueue(delivery);
                return false;
            }

            _waiting--;
            return true;
        }
    }

    private void Done(Delivery delivery)
    {
        Delivery? next = null;
        lock (_gate)
        {
            _busyTargets.Remove(delivery.TargetKey);
            if (_asideByTarget.TryGetValue(delivery.TargetKey, out Queue<Delivery>? aside) && aside.TryDequeue(out next) && aside.Count == 0)
            {
                _asideByTarget.Remove(delivery.TargetKey);
            }
        }

        if (next is not null)
        {
            _queue.Writer.TryWrite(next); // already counted in _waiting
        }
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (Delivery delivery in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                if (!TryStart(delivery))
                {
                    continue;
                }

                try
                {
                    byte[] body = TakeTamper() ? CallbackTransport.Altered(delivery.Body) : delivery.Body;
                    DateTimeOffset started = _time.GetUtcNow();
                    (int? status, string? error) = await _transport.SendAsync(delivery.Target, body, _stop.Token).ConfigureAwait(false);
                    Finish(delivery, new EmulatorCallbackAttempt(started, status, error), delivered: error is null);
                }
                finally
                {
                    Done(delivery);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // the emulator is stopping
        }
    }

    private bool TakeTamper()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _tamper);
            if (current <= 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _tamper, current - 1, current) != current);

        return true;
    }

    private void Finish(Delivery delivery, EmulatorCallbackAttempt attempt, bool delivered)
    {
        List<(TaskCompletionSource<EmulatorCallback> Done, EmulatorCallback Callback)> woken = [];
        lock (_gate)
        {
            delivery.Attempts.Add(attempt);
            delivery.TriesThisRound++;
            if (delivered)
            {
                delivery.Outcome = EmulatorCallbackOutcome.Delivered;
            }
            else if (delivery.TriesThisRound < MaxTries && !_stop.IsCancellationRequested)
            {
                // The timer exists before anyone can see this try: a test that advances a fake clock once it has seen
                // the try cannot move time past a retry that was not yet scheduled.
                delivery.RetryTimer?.Dispose();
                delivery.RetryTimer = _time.CreateTimer(_ => Queue(delivery), null, RetryInterval, Timeout.InfiniteTimeSpan);
            }
            else
            {
                delivery.Outcome = EmulatorCallbackOutcome.Failed;
            }

            EmulatorCallback snapshot = delivery.Snapshot();
            foreach (var waiter in _waiters.Where(w => w.Match(snapshot)).ToList())
            {
                _waiters.Remove(waiter);
                woken.Add((waiter.Done, snapshot));
            }
        }

        woken.ForEach(w => w.Done.TrySetResult(w.Callback));
    }

    private sealed class Delivery(long id, EmulatorEvent recorded, CallbackTopic topic, long subscriber, string target, byte[] body)
    {
        public long Id { get; } = id;

        /// <summary>The user whose filter asked for this callback.</summary>
        public long Subscriber { get; } = subscriber;

        public EmulatorEvent Event { get; } = recorded;

        public CallbackTopic Topic { get; } = topic;

        public string Target { get; } = target;

        /// <summary>Scheme, host and port: callbacks to one server take turns.</summary>
        public string TargetKey { get; } = new Uri(target).GetLeftPart(UriPartial.Authority);

        public byte[] Body { get; } = body;

        public List<EmulatorCallbackAttempt> Attempts { get; } = [];

        public int TriesThisRound { get; set; }

        public EmulatorCallbackOutcome Outcome { get; set; }

        public ITimer? RetryTimer { get; set; }

        public EmulatorCallback Snapshot() => new(Id, Event.Id, Target, Topic.Category, Topic.EventType, Event.ObjectName, Event.ObjectId, Event.UserId,
            System.Text.Encoding.UTF8.GetString(Body), Attempts.ToArray(), Outcome);
    }
}
