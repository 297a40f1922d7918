using System.Text;
using System.Text.Json.Serialization;

namespace Bunq.Client.Tests;

public class SerializerTests
{
    private readonly BunqContentSerializer _json = new();

    private T Read<T>(string body) => _json.Read<T>(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_single_item_is_unwrapped_from_the_envelope()
    {
        var payment = Read<Dto>("""{"Response":[{"Payment":{"id":2209089962,"amount":{"value":"-12.50","currency":"EUR"},"created":"2017-01-13 13:19:16.215235","unknown_field":[1,2]}}]}""");

        Assert.Equal(2209089962L, payment.Id); // beyond Int32, as bunq's event ids are
        Assert.Equal(-12.50m, payment.Amount.ToDecimal());
        Assert.Equal(new DateTimeOffset(2017, 1, 13, 13, 19, 16, TimeSpan.Zero).AddTicks(2152350), payment.Created);
    }

    [Fact]
    public void An_id_and_a_uuid_are_read_from_create_responses()
    {
        Assert.Equal(1561, Read<BunqId>("""{"Response":[{"Id":{"id":1561}}]}""").Id);
        Assert.Equal("abc-123", Read<BunqUuid>("""{"Response":[{"Uuid":{"uuid":"abc-123"}}]}""").Uuid);
    }

    [Fact]
    public void A_list_keeps_order_and_parses_pagination()
    {
        BunqList<Dto> list = Read<BunqList<Dto>>("""
            {"Response":[{"Payment":{"id":9}},{"Payment":{"id":8}}],
             "Pagination":{"future_url":null,"newer_url":"/v1/user/1/monetary-account/1/payment?count=2&newer_id=9","older_url":"/v1/user/1/monetary-account/1/payment?count=2&older_id=8"}}
            """);

        Assert.Equal([9L, 8L], list.Items.Select(p => p.Id));
        Assert.Equal(8, list.Pagination.OlderId);
        Assert.Equal(9, list.Pagination.NewerId);
        Assert.Null(list.Pagination.FutureId);
        Assert.Equal(2, list.Pagination.Count);
        Assert.True(list.Pagination.HasOlder);
    }

    [Fact]
    public void A_list_without_pagination_has_none()
    {
        BunqList<Dto> list = Read<BunqList<Dto>>("""{"Response":[]}""");

        Assert.Empty(list.Items);
        Assert.Same(BunqPagination.None, list.Pagination);
    }

    [Fact]
    public void The_whole_envelope_keeps_mixed_items()
    {
        BunqEnvelope envelope = Read<BunqEnvelope>("""{"Response":[{"Id":{"id":1}},{"Token":{"id":2,"token":"t"}},{"UserPerson":{"id":3,"session_timeout":60}}]}""");

        Assert.Equal(["Id", "Token", "UserPerson"], envelope.Items.Select(i => i.TypeName));
        var userInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<BunqUserSummary>)_json.Options.GetTypeInfo(typeof(BunqUserSummary));
        Assert.Equal(60, envelope.Get("UserPerson", userInfo).SessionTimeout);
        Assert.Throws<BunqException>(() => envelope.Get("UserCompany", userInfo));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"Error":[{"error_description":"x"}]}""")]
    [InlineData("""{"Response":{}}""")]
    [InlineData("""{"Response":[]}""")]
    [InlineData("""{"Response":[42]}""")]
    [InlineData("""{"Response":[{"Payment":{"id":"not a number"}}]}""")]
    public void Bodies_that_are_not_a_usable_envelope_give_a_typed_error(string body)
    {
        Assert.ThrowsAny<BunqException>(() => Read<Dto>(body));
    }

    [Fact]
    public async Task A_body_that_arrives_as_a_stream_is_unwrapped_and_a_non_json_one_is_a_typed_error()
    {
        using var good = new StreamContent(new BufferedStream(new MemoryStream(Encoding.UTF8.GetBytes("""{"Response":[{"Id":{"id":42}}]}"""))));
        using var bad = new StreamContent(new BufferedStream(new MemoryStream(Encoding.UTF8.GetBytes("<html>502 Bad Gateway</html>"))));

        Assert.Equal(42, (await _json.FromHttpContentAsync<BunqId>(good))!.Id);
        await Assert.ThrowsAsync<BunqException>(() => _json.FromHttpContentAsync<BunqId>(bad));
    }

    [Fact]
    public async Task Requests_are_written_snake_case_without_nulls_and_with_bunq_times()
    {
        HttpContent content = _json.ToHttpContent(new Dto { Id = 1, Amount = BunqAmount.Of(12.5m, "EUR"), Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)), LongFieldName = null });
        string text = await content.ReadAsStringAsync();

        Assert.Equal("""{"id":1,"amount":{"value":"12.50","currency":"EUR"},"created":"2026-01-02 02:04:05.000000"}""", text);
        Assert.Equal("application/json", content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void Amounts_use_invariant_culture_whatever_the_thread_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("nl-NL");
            Assert.Equal("1234.50", BunqAmount.Of(1234.5m, "EUR").Value);
            Assert.Equal(1234.5m, new BunqAmount("1234.50", "EUR").ToDecimal());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Query_field_names_follow_json_names()
    {
        Assert.Equal("long_field_name", _json.GetFieldNameForProperty(typeof(Dto).GetProperty(nameof(Dto.LongFieldName))!));
        Assert.Equal("renamed", _json.GetFieldNameForProperty(typeof(Dto).GetProperty(nameof(Dto.Other))!));
    }

    public sealed class Dto
    {
        public long Id { get; set; }

        public BunqAmount Amount { get; set; } = BunqAmount.Of(0, "EUR");

        public DateTimeOffset Created { get; set; }

        public string? LongFieldName { get; set; }

        [JsonPropertyName("renamed")]
        public string? Other { get; set; }
    }
}
