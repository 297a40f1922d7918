using Refit;

namespace Bunq;

/// <summary>Refit settings for bunq.</summary>
internal static class BunqRefit
{
    public static RefitSettings Settings(BunqContentSerializer serializer)
    {
        var settings = new RefitSettings
        {
            ContentSerializer = serializer,
            // A body is serialized once into a byte array and sent as that array; the signing handler signs those very
            // bytes. (Refit's Buffered = true would copy them into a second buffer first.)
            RequestBodySerialization = RequestBodySerializationMode.Buffered,
        };
        var fallback = settings.TransportExceptionFactory;
        // Our handlers' exceptions are already typed and say what happened (transport failures and timeouts included);
        // Refit would wrap them in ApiRequestException. A cancelled call stays OperationCanceledException, as .NET expects.
        settings.TransportExceptionFactory = (request, exception, cancellationToken) =>
            exception is BunqException or OperationCanceledException || fallback is null ? exception : fallback(request, exception, cancellationToken);
        // A verified 2xx whose body is not the JSON the method declares is still bunq's answer: say so, typed.
        settings.DeserializationExceptionFactory = (response, exception) => ValueTask.FromResult<Exception?>(exception as BunqException
            ?? new BunqException($"bunq's {(int)response.StatusCode} response could not be read as the method's return type: {exception.Message}", exception));
        return settings;
    }
}
