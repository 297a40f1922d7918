namespace Bunq.Client.Tests;

public class RetryRuleTests
{
    public static TheoryData<string, Exception, bool> Cases => new()
    {
        { "GET", new BunqRateLimitException(["slow down"], null, false), true },
        { "POST", new BunqRateLimitException(["slow down"], null, false), true },
        { "GET", new BunqApiException(503, [], null, false), true },
        { "PUT", new BunqApiException(500, [], null, false), true },
        { "POST", new BunqApiException(500, [], null, false), false },
        { "POST", new BunqApiException(503, [], null, false), false },
        { "GET", new HttpRequestException("connection reset"), true },
        { "POST", new HttpRequestException("connection reset"), false },
        { "GET", new BunqApiException(400, [], null, true), false },
        { "GET", new BunqApiException(466, [], null, true), false },
        { "GET", new BunqSignatureException("tampered", 200, null), false },
        { "GET", new BunqPinningException("pin", "api.bunq.com", [], null), false },
        { "DELETE", new TimeoutException(), true },
        { "POST", new TimeoutException(), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_calls_that_cannot_have_executed_twice_are_retried(string method, Exception failure, bool retried) =>
        Assert.Equal(retried, BunqResilience.IsRetryable(new HttpMethod(method), failure));
}
