using Microsoft.Extensions.Logging;

namespace Bunq.OAuth;

/// <summary>The OAuth exchange's log lines (event ids 3xxx). Hosts and error codes only: never a code, secret or token.</summary>
internal static partial class BunqOAuthLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Exchanging an OAuth authorization code at {TokenHost}")]
    public static partial void Exchanging(ILogger logger, string tokenHost);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "OAuth authorization code exchanged for an access token at {TokenHost}")]
    public static partial void Exchanged(ILogger logger, string tokenHost);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "OAuth token endpoint {TokenHost} refused the exchange: {Status} {Error}")]
    public static partial void Refused(ILogger logger, string tokenHost, int status, string error);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "OAuth callback refused before any exchange: its state is missing ({Missing}) or not the one sent")]
    public static partial void StateMismatch(ILogger logger, bool missing);
}
