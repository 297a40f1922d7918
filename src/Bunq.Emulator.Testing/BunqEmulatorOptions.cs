using System.Net;

namespace Bunq.Emulator;

/// <summary>How an emulator instance behaves.</summary>
public sealed class BunqEmulatorOptions
{
    /// <summary>The TCP port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The address to listen on. Clients bound to other loopback addresses (127.0.0.2) reach it as different IPs.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>
    /// The TLS certificate (with its private key) to serve instead of a self-signed one, for example a leaf issued by a
    /// test CA to exercise chain validation. Not disposed by the emulator.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; set; }

    /// <summary>The clock for session expiry and rate-limit windows.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Enforce bunq's documented rate limits (GET 3, POST 5, PUT 2 per 3 s per endpoint per IP; session-server 1 per 30 s).</summary>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>
    /// A folder that keeps the emulator's signing key, TLS certificate (so its pin) and state across restarts; null keeps
    /// everything in memory. With it, and the same <see cref="Port"/>, a client's saved context keeps working.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// The first id the emulator hands out (users, accounts, payments, … share one sequence). bunq's real ids pass
    /// <see cref="int.MaxValue"/>; starting above it catches clients that keep ids in 32 bits.
    /// </summary>
    public long FirstId { get; set; } = 1001;

    /// <summary>Serve the inspector page at <c>https://127.0.0.1:PORT/_emulator/</c> (to loopback callers only).</summary>
    public bool Inspector { get; set; } = true;

    /// <summary>
    /// The certificate callback targets may chain to (a test CA, or a receiver's self-signed certificate), besides the
    /// system's roots; the target's host name is checked either way. Null trusts the system's roots only. Not disposed
    /// by the emulator.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? CallbackCertificateAuthority { get; set; }

    /// <summary>The <c>session_timeout</c> (seconds) given to new users; bunq's default auto-logout is one week.</summary>
    public long SessionTimeoutSeconds { get; set; } = 604_800;

    /// <summary>
    /// How many requests the request log keeps (<see cref="BunqEmulator.Requests"/>): the newest ones; older entries are
    /// dropped so a long-running emulator's memory stays bounded. The inspector page shows the newest 500 of them.
    /// </summary>
    public int RequestLogCapacity { get; set; } = 10_000;

    /// <summary>
    /// How many of an installation's most recent request ids the emulator remembers to refuse a reused one (bunq: "This
    /// request id has already been used"); older ids are forgotten so the memory stays bounded.
    /// </summary>
    public int RequestIdCapacity { get; set; } = 10_000;

    /// <summary>Write warnings and errors (an unexpected failure) to standard error: the executable's setting.</summary>
    internal bool LogToStandardError { get; set; }

    /// <summary>
    /// Run Kestrel's continuations inline (its <c>UnsafePreferInlineScheduling</c>): the executable's setting, which also
    /// turns on the runtime's inline socket completions for its process. A library user's process keeps the default
    /// thread hops: its test code may share the socket threads, and its process-wide settings are its own.
    /// </summary>
    internal bool InlineScheduling { get; set; }
}
