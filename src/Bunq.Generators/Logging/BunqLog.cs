using Microsoft.Extensions.Logging;

namespace Bunq;

/// <summary>
/// Every log line the library writes, with stable event ids. None carries a secret: tokens, keys and the API key are
/// never arguments here.
/// </summary>
internal static partial class BunqLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Restored the bunq API context for {BaseAddress} from the store; no context calls made")]
    public static partial void ContextRestored(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Creating a bunq API context at {BaseAddress}: installation, device-server, session-server")]
    public static partial void ContextCreating(ILogger logger, Uri baseAddress);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Opened bunq session {SessionId} for user {UserId}, valid until {ExpiresAt:u}")]
    public static partial void SessionOpened(ILogger logger, long sessionId, long userId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Renewing the bunq session: {Reason}")]
    public static partial void SessionRenewing(ILogger logger, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "bunq session {SessionId} extended to {ExpiresAt:u}: used within its last 30 minutes")]
    public static partial void SessionExtended(ILogger logger, long sessionId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Closed bunq session {SessionId}")]
    public static partial void SessionClosed(ILogger logger, long sessionId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "A bunq API context was made at {BaseAddress} (an installation and a device now exist there) but could not be saved to the context store: {Error}. It is kept in memory, so this connection works, and saving is tried again at the next call after {RetryAfter}. Until it is saved, a new process makes another installation and device: fix the store (the error says what) before restarting.")]
    public static partial void ContextNotSaved(ILogger logger, Uri baseAddress, string error, TimeSpan retryAfter);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "The bunq API context could not be saved to the context store: {Error}. It is kept in memory and saving is tried again at the next call after {RetryAfter}.")]
    public static partial void ContextSaveFailed(ILogger logger, string error, TimeSpan retryAfter);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "The bunq API context kept in memory after a failed save is now saved to the context store")]
    public static partial void ContextSavedLate(ILogger logger);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "{Method} {Path} signed={Signed} authentication={Authentication}")]
    public static partial void Sending(ILogger logger, HttpMethod method, string path, bool signed, BunqAuthentication authentication);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status}, response id {ResponseId}, signature verified")]
    public static partial void Verified(ILogger logger, HttpMethod method, string path, int status, string? responseId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Method} {Path}: bunq answered {Status} (response id {ResponseId}, error body verified: {Verified})")]
    public static partial void ApiError(ILogger logger, HttpMethod method, string path, int status, string? responseId, bool verified);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "{Method} {Path}: response rejected, {Reason} (response id {ResponseId})")]
    public static partial void SignatureRejected(ILogger logger, HttpMethod method, string path, string reason, string? responseId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "{Method} {Path}: bunq warns: {Warning} (response id {ResponseId})")]
    public static partial void BunqWarning(ILogger logger, HttpMethod method, string path, string warning, string? responseId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "BunqOptions.OnWarning threw; the call itself succeeded")]
    public static partial void WarningCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2008, Message = "Waiting about {WaitSeconds:0.#} s for bunq's rate limit before {Endpoint}")]
    public static partial void RateLimitWait(ILogger logger, LogLevel level, double waitSeconds, string endpoint);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "TLS to {Host} refused: the certificate matches none of the pinned keys")]
    public static partial void PinMismatch(ILogger logger, string host);
}
