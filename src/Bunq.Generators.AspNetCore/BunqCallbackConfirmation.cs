using System.Text.Json;
using Refit;

namespace Bunq;

/// <summary>
/// The reads that confirm a callback's object, one per object type bunq sends with a monetary account, all signed and
/// verified by the app's connection like every other call.
/// </summary>
[BunqEndpoint, Signed]
internal interface IBunqCallbackObjects
{
    [Get("/user/{userId}/monetary-account/{accountId}/payment/{itemId}")]
    Task<BunqEnvelope> PaymentAsync(long userId, long accountId, long itemId, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/request-inquiry/{itemId}")]
    Task<BunqEnvelope> RequestInquiryAsync(long userId, long accountId, long itemId, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/request-response/{itemId}")]
    Task<BunqEnvelope> RequestResponseAsync(long userId, long accountId, long itemId, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/draft-payment/{itemId}")]
    Task<BunqEnvelope> DraftPaymentAsync(long userId, long accountId, long itemId, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/mastercard-action/{itemId}")]
    Task<BunqEnvelope> MasterCardActionAsync(long userId, long accountId, long itemId, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/bunqme-tab/{itemId}")]
    Task<BunqEnvelope> BunqMeTabAsync(long userId, long accountId, long itemId, CancellationToken cancellationToken = default);
}

/// <summary>Confirms a callback: reads its object through the signed API and checks the callback agrees with it.</summary>
internal static class BunqCallbackConfirmation
{
    /// <summary>
    /// Fields an object keeps from creation on. A status, <c>updated</c> or a response time may move between the callback
    /// and the read; these may not.
    /// </summary>
    private static readonly string[] Fixed =
        ["id", "created", "monetary_account_id", "amount", "amount_inquired", "description", "type", "sub_type", "counterparty_alias.iban", "alias.iban"];

    public static async Task<BunqEnvelopeItem> ConfirmAsync(BunqUnverifiedCallback callback, BunqConnection connection, CancellationToken cancellationToken)
    {
        if (callback.ObjectId is not { } id
            || !callback.ObjectJson.TryGetProperty("monetary_account_id", out JsonElement accountElement) || !accountElement.TryGetInt64(out long account))
        {
            throw new BunqCallbackMismatchException(
                $"The callback's {callback.ObjectType} has no numeric 'id' and 'monetary_account_id'; it cannot be confirmed.");
        }

        IBunqCallbackObjects api = connection.CreateClient<IBunqCallbackObjects>();
        long user = await connection.GetUserIdAsync(cancellationToken).ConfigureAwait(false);
        Task<BunqEnvelope> read = callback.ObjectType switch
        {
            "Payment" => api.PaymentAsync(user, account, id, cancellationToken),
            "RequestInquiry" => api.RequestInquiryAsync(user, account, id, cancellationToken),
            "RequestResponse" => api.RequestResponseAsync(user, account, id, cancellationToken),
            "DraftPayment" => api.DraftPaymentAsync(user, account, id, cancellationToken),
            "MasterCardAction" => api.MasterCardActionAsync(user, account, id, cancellationToken),
            "BunqMeTab" => api.BunqMeTabAsync(user, account, id, cancellationToken),
            _ => throw new NotSupportedException($"No confirmation read is known for a callback's {callback.ObjectType}; read it through your own endpoint interface."),
        };
        BunqEnvelope envelope = await read.ConfigureAwait(false);
        BunqEnvelopeItem signed = envelope.Items.FirstOrDefault(i => i.TypeName == callback.ObjectType)
            ?? throw new BunqCallbackMismatchException($"bunq's answer for {callback.ObjectType} {id} holds no {callback.ObjectType}.");
        foreach (string path in Fixed)
        {
            if (Find(callback.ObjectJson, path) is { } sent && Find(signed.Value, path) is { } held && !Same(sent, held))
            {
                throw new BunqCallbackMismatchException(
                    $"The callback's {callback.ObjectType} {id} differs from bunq's signed copy in '{path}'; do not act on it.");
            }
        }

        return signed;
    }

    // JsonElement.DeepEquals is .NET 9 and later; this package also serves .NET 8.
    private static bool Same(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                var right = b.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out JsonElement other) && Same(p.Value, other));
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(pair => Same(pair.First, pair.Second));
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            case JsonValueKind.Number:
                return a.GetRawText() == b.GetRawText();
            default:
                return true; // true, false, null: the kind says it all
        }
    }

    private static JsonElement? Find(JsonElement element, string path)
    {
        foreach (string name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }
}
