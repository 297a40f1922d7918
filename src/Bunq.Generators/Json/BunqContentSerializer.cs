using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace Bunq;

/// <summary>
/// Refit content serializer for bunq: snake_case JSON, bunq timestamps, nulls left out; responses are unwrapped from
/// bunq's envelope (<c>Response[0].&lt;Type&gt;</c>, or every item into a <see cref="BunqList{T}"/>, or the whole
/// <see cref="BunqEnvelope"/>). Metadata comes from your resolver first, then the library's own source-generated
/// context, then reflection where the runtime allows it.
/// </summary>
internal sealed class BunqContentSerializer : IHttpContentSerializer, ISynchronousContentSerializer
{
    // Kept as the raw text, not a parsed MediaTypeHeaderValue: the signing handler's header check (BunqRawBodies) reads
    // it as it is instead of formatting a parsed value into a new string on every request, and no content shares a
    // mutable header object with another.
    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Creates the serializer.</summary>
    /// <param name="resolver">Metadata for your own types (a <c>JsonSerializerContext</c>); may be null.</param>
    public BunqContentSerializer(IJsonTypeInfoResolver? resolver = null)
    {
        Options = CreateOptions(resolver);
    }

    /// <summary>The options every body is read and written with.</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>The options bunq's JSON needs, over the given metadata.</summary>
    public static JsonSerializerOptions CreateOptions(IJsonTypeInfoResolver? resolver)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(Resolvers(resolver)),
        };
        options.Converters.Add(new BunqTimestampConverter());
        options.MakeReadOnly();
        return options;
    }

    private static IJsonTypeInfoResolver[] Resolvers(IJsonTypeInfoResolver? user)
    {
        var resolvers = new List<IJsonTypeInfoResolver>(3);
        if (user is not null)
        {
            resolvers.Add(user);
        }

        resolvers.Add(BunqJsonContext.Default);
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            resolvers.Add(ReflectionResolver());
        }

        return resolvers.ToArray();
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached when JsonSerializer.IsReflectionEnabledByDefault, which trimmed and NativeAOT apps turn off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached when JsonSerializer.IsReflectionEnabledByDefault, which NativeAOT apps turn off.")]
    private static IJsonTypeInfoResolver ReflectionResolver() => new DefaultJsonTypeInfoResolver();

    /// <inheritdoc/>
    public HttpContent ToHttpContent<T>(T item)
    {
        if (item is byte[] raw)
        {
            return new ByteArrayContent(raw); // a file, sent as itself: bunq takes attachments without JSON
        }

        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(item, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));
        var content = new BunqJsonContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
        return content;
    }

    /// <inheritdoc/>
    public HttpContent ToHttpContentSynchronous<T>(T item) => ToHttpContent(item);

    /// <summary>
    /// The same buffered content as <see cref="ToHttpContent{T}"/>: a bunq request body is signed whole before it is
    /// sent, so streaming it would only move the buffering into the signing handler.
    /// </summary>
    public HttpContent ToStreamingHttpContent<T>(T item) => ToHttpContent(item);

    /// <inheritdoc/>
    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (typeof(T) == typeof(byte[]))
        {
            // A file (…/content): the verified bytes as they came, without the JSON envelope.
            return (T)(object)await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        // The signing handler has buffered the body it verified: parse it from that buffer rather than copy it out.
        Stream body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (body.CanSeek)
        {
            body.Position = 0; // a buffered content hands every reader the same stream: whoever read it last left it anywhere
        }

        JsonDocument document;
        try
        {
            document = body is MemoryStream
                ? JsonDocument.Parse(body)
                : await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new BunqException("The response body is not JSON.", e);
        }

        using (document)
        {
            return Unwrap<T>(document.RootElement);
        }
    }

    /// <summary>Unwraps a response body into <typeparamref name="T"/>.</summary>
    /// <exception cref="BunqException">The body is not bunq's envelope or has no item.</exception>
    public T Read<T>(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new BunqException("The response body is not JSON.", e);
        }

        using (document)
        {
            return Unwrap<T>(document.RootElement);
        }
    }

    private T Unwrap<T>(JsonElement root)
    {
        if (typeof(T) == typeof(BunqEnvelope))
        {
            return (T)(object)BunqEnvelope.From(root);
        }

        JsonElement response = BunqEnvelope.ResponseArray(root);
        if (typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(BunqList<>))
        {
            return ReadList<T>(root, response);
        }

        if (response.GetArrayLength() == 0)
        {
            throw new BunqException($"bunq's 'Response' array is empty; expected one {typeof(T).Name}.");
        }

        JsonElement value = BunqEnvelope.SingleValue(response[0]);
        return Deserialize<T>(value);
    }

    /// <inheritdoc/>
    public string? GetFieldNameForProperty(PropertyInfo propertyInfo)
    {
        ArgumentNullException.ThrowIfNull(propertyInfo);
        return propertyInfo.GetCustomAttribute<JsonPropertyNameAttribute>(inherit: true)?.Name
            ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyInfo.Name);
    }

    private T ReadList<T>(JsonElement root, JsonElement response)
    {
        JsonTypeInfo listInfo = Options.GetTypeInfo(typeof(T));
        if (listInfo.CreateObject?.Invoke() is not IBunqListBuilder list)
        {
            throw new BunqException(
                $"No JSON metadata can create {typeof(T).Name}; add [JsonSerializable(typeof(BunqList<...>))] to your JsonSerializerContext.");
        }

        JsonTypeInfo itemInfo = Options.GetTypeInfo(list.ItemType);
        foreach (JsonElement item in response.EnumerateArray())
        {
            JsonElement value = BunqEnvelope.SingleValue(item);
            list.Add(value.Deserialize(itemInfo));
        }

        if (root.TryGetProperty("Pagination", out JsonElement pagination) && pagination.ValueKind == JsonValueKind.Object)
        {
            list.SetPagination(new BunqPagination(
                StringOrNull(pagination, "older_url"), StringOrNull(pagination, "newer_url"), StringOrNull(pagination, "future_url")));
        }

        return (T)list;
    }

    private T Deserialize<T>(JsonElement value)
    {
        try
        {
            return value.Deserialize((JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)))
                ?? throw new BunqException($"bunq's response item for {typeof(T).Name} is null.");
        }
        catch (JsonException e)
        {
            throw new BunqException($"bunq's response item could not be read as {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
