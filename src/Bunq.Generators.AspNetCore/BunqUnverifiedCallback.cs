using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Bunq;

/// <summary>
/// A bunq callback (bunq's <c>NotificationUrl</c>: category, event type and the object, e.g. <c>{"Payment": {…}}</c>) as
/// it arrived. bunq does not sign callbacks, so nothing in it is verified: read it for routing, and call
/// <see cref="ConfirmAsync"/> before acting on money — that reads the object through your signed, verified client.
/// </summary>
public sealed class BunqUnverifiedCallback
{
    internal BunqUnverifiedCallback(string category, string eventType, string? targetUrl, string objectType, JsonElement objectJson)
    {
        Category = category;
        EventType = eventType;
        TargetUrl = targetUrl;
        ObjectType = objectType;
        ObjectJson = objectJson;
        ObjectId = objectJson.TryGetProperty("id", out JsonElement id) && id.TryGetInt64(out long value) ? value : null;
        string updated = objectJson.TryGetProperty("updated", out JsonElement time) && time.ValueKind == JsonValueKind.String ? time.GetString()! : string.Empty;
        EventKey = string.Join('/', category, eventType, objectType, ObjectId?.ToString(CultureInfo.InvariantCulture) ?? "-", BunqCallbackText.Clean(updated, 40));
    }

    /// <summary>bunq's category (PAYMENT, MUTATION, REQUEST, …): upper-case letters, digits and '_' only.</summary>
    public string Category { get; }

    /// <summary>bunq's event type (PAYMENT_CREATED, MUTATION_RECEIVED, …): upper-case letters, digits and '_' only.</summary>
    public string EventType { get; }

    /// <summary>The <c>target_url</c> the body names (unverified; never used to decide anything).</summary>
    public string? TargetUrl { get; }

    /// <summary>The object's type name (<c>Payment</c>, <c>RequestInquiry</c>, …): letters and digits only.</summary>
    public string ObjectType { get; }

    /// <summary>The object as sent, unverified.</summary>
    public JsonElement ObjectJson { get; }

    /// <summary>The object's <c>id</c>, when it has a numeric one.</summary>
    public long? ObjectId { get; }

    /// <summary>
    /// The same for every delivery of one event — bunq retries a failed callback up to 5 times with the same body — so a
    /// handler can skip what it already handled: category, event type, object type, id and <c>updated</c> time.
    /// </summary>
    public string EventKey { get; }

    /// <summary>Always false: nothing in a callback is signed. <see cref="ConfirmAsync"/> returns the verified copy.</summary>
    public bool IsVerified => false;

    /// <summary>Reads the object as <typeparamref name="T"/> with your source-generated metadata (no reflection, NativeAOT-clean).</summary>
    /// <returns>False when the JSON does not fit <typeparamref name="T"/>.</returns>
    public bool TryGetObject<T>(JsonTypeInfo<T> typeInfo, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            value = ObjectJson.Deserialize(typeInfo);
            return value is not null;
        }
        catch (JsonException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>
    /// Reads the object through <paramref name="connection"/> (signed request, verified response) and returns that copy,
    /// after checking that the callback agrees with it on what never changes (id, account, amount, counterparty,
    /// description, type, creation time).
    /// </summary>
    /// <exception cref="BunqCallbackMismatchException">bunq's copy disagrees with the callback: it was altered or forged.</exception>
    /// <exception cref="NotSupportedException">No confirmation read is known for <see cref="ObjectType"/>.</exception>
    public Task<BunqEnvelopeItem> ConfirmAsync(BunqConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return BunqCallbackConfirmation.ConfirmAsync(this, connection, cancellationToken);
    }

    /// <inheritdoc/>
    public override string ToString() => $"bunq callback {EventKey} (unverified)";

    /// <summary>Reads bunq's <c>NotificationUrl</c> body; null for anything else (the endpoint answers 400).</summary>
    internal static BunqUnverifiedCallback? TryParse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("NotificationUrl", out JsonElement notification) || notification.ValueKind != JsonValueKind.Object
                || !notification.TryGetProperty("object", out JsonElement wrapper) || wrapper.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? category = StringOf(notification, "category"), eventType = StringOf(notification, "event_type");
            using JsonElement.ObjectEnumerator objects = wrapper.EnumerateObject();
            JsonProperty[] single = objects.Take(2).ToArray();
            if (!BunqCallbackText.IsToken(category, upperCase: true) || !BunqCallbackText.IsToken(eventType, upperCase: true)
                || single.Length != 1 || !BunqCallbackText.IsToken(single[0].Name, upperCase: false) || single[0].Value.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new BunqUnverifiedCallback(category!, eventType!, StringOf(notification, "target_url"), single[0].Name, single[0].Value.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
