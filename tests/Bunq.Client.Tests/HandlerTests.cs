using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Bunq.Client.Tests;

/// <summary>Handler logic over an in-memory transport; the wire protocol itself is proven in Bunq.EndToEnd.Tests.</summary>
public sealed class HandlerTests : IDisposable
{
    private readonly BunqKeyPair _client = BunqKeyPair.Generate();
    private readonly RSA _server = RSA.Create(2048);
    private readonly BunqServerPublicKey _serverKey;

    public HandlerTests()
    {
        _serverKey = BunqServerPublicKey.FromPem(_server.ExportSubjectPublicKeyInfoPem());
    }

    [Fact]
    public async Task The_signature_covers_exactly_the_body_bytes_sent()
    {
        var transport = new Transport(this);
        using HttpMessageInvoker invoker = Invoker(transport);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://bunq.test/v1/user/1/thing") { Content = new StringContent("{\"a\":\"é\"}", Encoding.UTF8, "application/json") };

        using HttpResponseMessage response = await invoker.SendAsync(request, default);

        Assert.Equal(Encoding.UTF8.GetBytes("{\"a\":\"é\"}"), transport.Body);
        Assert.True(Verify(transport.Body!, transport.Header(BunqHeaders.ClientSignature)));
        Assert.Equal("session-token", transport.Header(BunqHeaders.Authentication));
        Assert.Equal("no-cache", transport.Header("Cache-Control"));
        Assert.NotNull(transport.Header(BunqHeaders.RequestId));
    }

    [Fact]
    public async Task The_standard_headers_are_the_options_values_once_each_whatever_the_clients_defaults_hold()
    {
        BunqOptions options = Options();
        options.UserAgent = "bunq-test/1";
        options.Region = "nl_NL";
        var transport = new Transport(this);
        // as every client of the library is set up: the same headers as the HttpClient's defaults
        using HttpClient configured = BunqHttp.Configure(new HttpClient(Pipeline(transport, options: options)), options.ResolveBaseAddress(), options);
        using (await configured.GetAsync(new Uri("https://bunq.test/v1/user")))
        {
            AssertStandardHeaders(transport, options);
        }

        // defaults someone changed afterwards (another value, a second value) are replaced by the options' values
        configured.DefaultRequestHeaders.Remove("User-Agent");
        configured.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "someone-else/2");
        configured.DefaultRequestHeaders.TryAddWithoutValidation(BunqHeaders.Region, "de_DE");
        using (await configured.GetAsync(new Uri("https://bunq.test/v1/user")))
        {
            AssertStandardHeaders(transport, options);
        }

        // and a client without them gets them from the handler alone
        using var bare = new HttpClient(Pipeline(transport, options: options));
        using (await bare.GetAsync(new Uri("https://bunq.test/v1/user")))
        {
            AssertStandardHeaders(transport, options);
        }
    }

    private static void AssertStandardHeaders(Transport transport, BunqOptions options)
    {
        Assert.Equal(options.UserAgent, transport.RawHeader("User-Agent"));
        Assert.Equal(options.Language, transport.RawHeader(BunqHeaders.Language));
        Assert.Equal(options.Region, transport.RawHeader(BunqHeaders.Region));
        Assert.Equal(options.Geolocation, transport.RawHeader(BunqHeaders.Geolocation));
        Assert.Equal("no-cache", transport.RawHeader("Cache-Control"));
    }

    [Fact]
    public async Task A_streamed_body_is_buffered_then_signed_over_the_bytes_sent()
    {
        var transport = new Transport(this);
        using HttpMessageInvoker invoker = Invoker(transport);
        byte[] body = Encoding.UTF8.GetBytes("{\"description\":\"" + new string('x', 5000) + "\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://bunq.test/v1/user/1/thing") { Content = new StreamContent(new OneWayStream(body)) };

        using HttpResponseMessage response = await invoker.SendAsync(request, default);

        Assert.Equal(body, transport.Body);
        Assert.True(Verify(body, transport.Header(BunqHeaders.ClientSignature)));
    }

    [Fact]
    public async Task A_serialized_body_is_signed_from_its_own_bytes()
    {
        var transport = new Transport(this);
        using HttpMessageInvoker invoker = Invoker(transport);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://bunq.test/v1/user/1/thing")
        {
            Content = new BunqContentSerializer().ToHttpContent(BunqAmount.Of(12.5m, "EUR")),
        };

        using HttpResponseMessage response = await invoker.SendAsync(request, default);

        Assert.Equal("""{"value":"12.50","currency":"EUR"}""", Encoding.UTF8.GetString(transport.Body!));
        Assert.True(Verify(transport.Body!, transport.Header(BunqHeaders.ClientSignature)));
    }

    [Fact]
    public async Task A_streamed_response_is_verified_and_can_still_be_read_whole()
    {
        var transport = new Transport(this) { StreamResponses = true, ResponseBody = """{"Response":[{"Id":{"id":""" + new string('7', 18) + "}}]}" };
        using HttpMessageInvoker invoker = Invoker(transport);

        using HttpResponseMessage response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default);

        Assert.Equal(777_777_777_777_777_777, (await new BunqContentSerializer().FromHttpContentAsync<BunqId>(response.Content))!.Id);
    }

    [Fact]
    public async Task A_tampered_streamed_response_is_refused()
    {
        var transport = new Transport(this) { StreamResponses = true, TamperResponses = true };
        using HttpMessageInvoker invoker = Invoker(transport);

        await Assert.ThrowsAsync<BunqSignatureException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));
        Assert.True(transport.LastResponse!.Disposed);
    }

    [Fact]
    public async Task A_refit_body_reaches_the_signer_as_the_serializers_own_bytes_with_a_length()
    {
        var transport = new Transport(this);
        using var http = new HttpClient(Pipeline(transport))
        {
            BaseAddress = new Uri("https://bunq.test/v1/"),
        };
        IBodyProbe api = Refit.RestService.ForGenerated<IBodyProbe>(http, BunqRefit.Settings(new BunqContentSerializer()));

        BunqId id = await api.CreateAsync(7, BunqAmount.Of(1.5m, "EUR"));

        Assert.Equal(1, id.Id);
        Assert.Equal("""{"value":"1.50","currency":"EUR"}""", Encoding.UTF8.GetString(transport.Body!));
        Assert.IsType<BunqJsonContent>(transport.Content); // serialized once, not streamed and re-buffered by Refit
        Assert.Equal(transport.Body!.Length, transport.Content!.Headers.ContentLength);
        Assert.True(Verify(transport.Body!, transport.Header(BunqHeaders.ClientSignature)));
    }

    [Theory]
    [InlineData(false)] // announced by Content-Length: refused before a byte is read
    [InlineData(true)] // streamed without a length: refused when the cap is passed
    public async Task A_response_larger_than_the_cap_is_discarded_with_a_typed_error(bool streamed)
    {
        var transport = new Transport(this) { StreamResponses = streamed, ResponseBody = """{"Response":[{"Id":{"id":1}}],"padding":""" + "\"" + new string('x', 4096) + "\"}" };
        BunqOptions options = Options();
        options.MaxResponseBodyBytes = 1024;
        using HttpMessageInvoker invoker = Invoker(transport, options: options);

        var e = await Assert.ThrowsAsync<BunqException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));

        Assert.Contains("MaxResponseBodyBytes (1024)", e.Message, StringComparison.Ordinal);
        Assert.True(transport.LastResponse!.Disposed);
        Assert.Equal(1, transport.Calls); // not retried: a second attempt would be as large
    }

    [Fact]
    public async Task A_response_within_the_cap_passes()
    {
        var transport = new Transport(this) { StreamResponses = true };
        BunqOptions options = Options();
        options.MaxResponseBodyBytes = transport.ResponseBody.Length;
        using HttpMessageInvoker invoker = Invoker(transport, options: options);

        using HttpResponseMessage response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default);

        Assert.Equal(transport.ResponseBody, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(int.MaxValue + 1L)]
    public void A_response_cap_out_of_range_is_a_configuration_error(long cap) =>
        Assert.Throws<BunqConfigurationException>(() => new BunqPipelineParts(new BunqOptions { MaxResponseBodyBytes = cap }));

    [Fact]
    public async Task A_warning_on_a_verified_answer_is_logged_and_handed_to_the_caller_cleaned()
    {
        var transport = new Transport(this) { Warning = "Your balance is negative.\u001b[31m\r\nX-Injected: yes" + new string('!', 2000) };
        var collector = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        var warnings = new List<BunqWarning>();
        BunqOptions options = Options();
        options.LoggerFactory = new Microsoft.Extensions.Logging.LoggerFactory([new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(collector)]);
        options.OnWarning = warnings.Add;
        using HttpMessageInvoker invoker = Invoker(transport, options: options);

        using HttpResponseMessage response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user/1/monetary-account"), default);

        BunqWarning warning = Assert.Single(warnings);
        // the escape sequence goes whole (no "[31m" left to colour a terminal), CR and LF become spaces, the cut is marked
        Assert.StartsWith("Your balance is negative.  X-Injected: yes!", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[31m", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1_000, warning.Message.Length);
        Assert.EndsWith("!…", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(warning.Message, c => char.IsControl(c));
        Assert.Equal(("GET", "/v1/user/1/monetary-account", "resp-1"), (warning.Method, warning.Path, warning.ResponseId));
        var logged = Assert.Single(collector.GetSnapshot(), r => r.Id.Id == 2006);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, logged.Level);
        Assert.Contains(warning.Message, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_warning_callback_that_throws_does_not_fail_the_call()
    {
        var transport = new Transport(this) { Warning = "Your balance is negative." };
        BunqOptions options = Options();
        options.OnWarning = _ => throw new InvalidOperationException("caller's bug");
        using HttpMessageInvoker invoker = Invoker(transport, options: options);

        using HttpResponseMessage response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default);

        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_warning_on_an_unsigned_answer_is_not_delivered()
    {
        var transport = new Transport(this) { Warning = "forged", SignResponses = false };
        var warnings = new List<BunqWarning>();
        BunqOptions options = Options();
        options.OnWarning = warnings.Add;
        using HttpMessageInvoker invoker = Invoker(transport, options: options);

        await Assert.ThrowsAsync<BunqSignatureException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));

        Assert.Empty(warnings);
    }

    [Fact]
    public async Task A_get_without_body_is_signed_over_zero_bytes()
    {
        var transport = new Transport(this);
        using HttpMessageInvoker invoker = Invoker(transport);

        using HttpResponseMessage response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default);

        Assert.True(Verify([], transport.Header(BunqHeaders.ClientSignature)));
    }

    [Fact]
    public async Task Manifest_decides_for_refit_requests_and_unknown_endpoints_are_signed()
    {
        var manifest = new BunqEndpointManifest([new BunqEndpointEntry(typeof(IDisposable), "Unsigned", "GET", "/user", Signed: false)]);
        var transport = new Transport(this);
        using HttpMessageInvoker invoker = Invoker(transport, manifest);

        using var unsigned = new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user");
        unsigned.Options.Set(new HttpRequestOptionsKey<Type>(Refit.HttpRequestMessageOptions.InterfaceType), typeof(IDisposable));
        unsigned.Options.Set(new HttpRequestOptionsKey<string>(Refit.HttpRequestMessageOptions.MethodName), "Unsigned");
        (await invoker.SendAsync(unsigned, default)).Dispose();
        Assert.Null(transport.Header(BunqHeaders.ClientSignature));

        using var unknown = new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user");
        unknown.Options.Set(new HttpRequestOptionsKey<Type>(Refit.HttpRequestMessageOptions.InterfaceType), typeof(IDisposable));
        unknown.Options.Set(new HttpRequestOptionsKey<string>(Refit.HttpRequestMessageOptions.MethodName), "NotInManifest");
        (await invoker.SendAsync(unknown, default)).Dispose();
        Assert.NotNull(transport.Header(BunqHeaders.ClientSignature));
    }

    [Fact]
    public async Task Installation_carries_no_token_and_no_signature_and_is_not_verified()
    {
        var transport = new Transport(this) { SignResponses = false };
        using HttpMessageInvoker invoker = Invoker(transport);

        using HttpResponseMessage response = await invoker.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "https://bunq.test/v1/installation") { Content = new StringContent("{}") }, default);

        Assert.Null(transport.Header(BunqHeaders.Authentication));
        Assert.Null(transport.Header(BunqHeaders.ClientSignature));
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task An_unsigned_success_is_refused_and_disposed()
    {
        var transport = new Transport(this) { SignResponses = false };
        using HttpMessageInvoker invoker = Invoker(transport);

        var e = await Assert.ThrowsAsync<BunqSignatureException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));

        Assert.Equal("resp-1", e.ResponseId);
        Assert.True(transport.LastResponse!.Disposed);
    }

    [Fact]
    public async Task Error_statuses_become_typed_exceptions_with_bunqs_descriptions()
    {
        var transport = new Transport(this) { Status = (HttpStatusCode)490, ResponseBody = """{"Error":[{"error_description":"Not enough money.","error_description_translated":"x"}]}""" };
        using HttpMessageInvoker invoker = Invoker(transport);

        var e = await Assert.ThrowsAsync<BunqApiException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));

        Assert.Equal(490, e.StatusCode);
        Assert.Equal(["Not enough money."], e.Errors);
        Assert.True(e.IsSignatureVerified);
        Assert.Contains("490 User error: Not enough money. (response id resp-1; signature verified)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_expiry_answers_are_recognised_in_both_spellings()
    {
        foreach (string text in new[] { "Insufficient authentication.", "Insufficient authorisation." })
        {
            var transport = new Transport(this) { Status = HttpStatusCode.Unauthorized, ResponseBody = $$"""{"Error":[{"error_description":"{{text}}"}]}""", SignResponses = false };
            using HttpMessageInvoker invoker = Invoker(transport);

            var e = await Assert.ThrowsAsync<BunqApiException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));

            Assert.True(e.IsSessionExpired);
            Assert.False(e.IsSignatureVerified);
        }
    }

    [Fact]
    public async Task A_request_to_an_http_url_is_refused_before_sending()
    {
        var transport = new Transport(this);
        using HttpMessageInvoker invoker = Invoker(transport);

        await Assert.ThrowsAsync<BunqConfigurationException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://bunq.test/v1/user"), default));
        Assert.Equal(0, transport.Calls);
    }

    [Fact]
    public async Task A_missing_token_is_a_clear_error_not_an_unauthenticated_call()
    {
        var transport = new Transport(this);
        using var invoker = new HttpMessageInvoker(BunqHttp.CreatePipeline(Options(), new Sessions(_client, _serverKey, token: null), transport: transport));

        var e = await Assert.ThrowsAsync<BunqException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));
        Assert.Contains("no session token", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, transport.Calls);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _serverKey.Dispose();
    }

    private static BunqOptions Options() => new() { BaseAddress = new Uri("https://bunq.test/v1/") };

    private HttpMessageInvoker Invoker(Transport transport, BunqEndpointManifest? manifest = null, BunqOptions? options = null) =>
        new(Pipeline(transport, manifest, options));

    private HttpMessageHandler Pipeline(Transport transport, BunqEndpointManifest? manifest = null, BunqOptions? options = null) =>
        BunqHttp.CreatePipeline(options ?? Options(), new Sessions(_client, _serverKey, new BunqSecret("session-token")), manifest, transport);

    private bool Verify(byte[] body, string? signature)
    {
        using var publicKey = BunqServerPublicKey.FromPem(_client.PublicKeyPem);
        return publicKey.Verify(body, signature);
    }

    private sealed class Sessions(BunqKeyPair key, BunqServerPublicKey server, BunqSecret? token) : IBunqSessionProvider
    {
        public ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new BunqCredentials(key, server, token));
    }

    private sealed class Transport(HandlerTests owner) : HttpMessageHandler
    {
        private HttpRequestMessage? _last;

        public bool SignResponses { get; init; } = true;

        /// <summary>Answer with a body that arrives as a one-way stream, as a network response does.</summary>
        public bool StreamResponses { get; init; }

        /// <summary>Change the body after signing it.</summary>
        public bool TamperResponses { get; init; }

        public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;

        public string? Warning { get; init; }

        public string ResponseBody { get; init; } = """{"Response":[{"Id":{"id":1}}]}""";

        public byte[]? Body { get; private set; }

        public HttpContent? Content { get; private set; }

        public int Calls { get; private set; }

        public TrackedResponse? LastResponse { get; private set; }

        public string? Header(string name) => _last!.Headers.TryGetValues(name, out var values) ? values.Single() : null;

        /// <summary>The one raw value of a header as it goes on the wire (fails on none or several).</summary>
        public string RawHeader(string name) => Assert.Single(_last!.Headers.NonValidated[name]);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            _last = request;
            Content = request.Content;
            Body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            byte[] body = Encoding.UTF8.GetBytes(ResponseBody);
            string signature = Convert.ToBase64String(owner._server.SignData(body, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            if (TamperResponses)
            {
                body[^3] ^= 1;
            }

            var response = new TrackedResponse(Status) { Content = StreamResponses ? new StreamContent(new OneWayStream(body)) : new ByteArrayContent(body) };
            response.Headers.Add(BunqHeaders.ResponseId, "resp-1");
            if (Warning is not null)
            {
                response.Headers.TryAddWithoutValidation("X-Bunq-Warning", Warning);
            }

            if (SignResponses)
            {
                response.Headers.Add(BunqHeaders.ServerSignature, signature);
            }

            return LastResponse = response;
        }
    }

    /// <summary>Readable once, front to back, in small pieces: what a network body looks like to a handler.</summary>
    private sealed class OneWayStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, 1000), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class TrackedResponse(HttpStatusCode status) : HttpResponseMessage(status)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}

[BunqEndpoint, Signed]
public interface IBodyProbe
{
    [Refit.Post("/user/{userId}/thing")]
    Task<BunqId> CreateAsync(long userId, [Refit.Body] BunqAmount amount, CancellationToken cancellationToken = default);
}

public class RefitSettingsTests
{
    [Fact]
    public void Bunq_exceptions_pass_through_refit_and_others_keep_refits_default_wrapping()
    {
        Refit.RefitSettings settings = BunqRefit.Settings(new BunqContentSerializer());
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user");
        var bunq = new BunqSignatureException("x", 200, null);
        var transport = new HttpRequestException("boom");

        Assert.NotNull(settings.TransportExceptionFactory);
        Assert.Same(bunq, settings.TransportExceptionFactory!(request, bunq, default));
        Assert.IsType<Refit.ApiRequestException>(settings.TransportExceptionFactory!(request, transport, default));
        Assert.False(settings.Buffered);
        Assert.Equal(Refit.RequestBodySerializationMode.Buffered, settings.RequestBodySerialization);
    }
}

public class RefitDeserializationTests
{
    [Fact]
    public async Task A_body_refit_cannot_read_is_a_typed_bunq_exception()
    {
        Refit.RefitSettings settings = BunqRefit.Settings(new BunqContentSerializer());
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        var inner = new System.Text.Json.JsonException("bad");

        Exception? mapped = await settings.DeserializationExceptionFactory!(response, inner);
        var own = new BunqException("ours");

        Assert.IsType<BunqException>(mapped);
        Assert.Same(inner, mapped!.InnerException);
        Assert.Same(own, await settings.DeserializationExceptionFactory!(response, own));
    }
}
