using Bunq.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Bunq.EndToEnd.Tests;

/// <summary>The code, the client secret and the token travel in a URL and a response body; none may reach a log line.</summary>
public sealed class OAuthLoggingTests
{
    [Fact]
    public async Task No_code_secret_or_token_reaches_a_log_line_including_the_http_client_factorys_own()
    {
        await using OAuthSetup setup = await OAuthSetup.StartAsync();
        var collector = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        services.AddHttpClient("bunq-oauth").ConfigurePrimaryHttpMessageHandler(() => BunqOAuth.CreateTransport(setup.OAuth));
        await using ServiceProvider provider = services.BuildServiceProvider();
        setup.OAuth.LoggerFactory = provider.GetRequiredService<ILoggerFactory>();
        HttpClient http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("bunq-oauth");
        (Uri redirect, string state) = setup.Approve();

        BunqOAuthToken token = await BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, state, http);
        await Assert.ThrowsAsync<BunqOAuthException>(() => BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, state, http));
        await Assert.ThrowsAsync<BunqOAuthException>(() => BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, "another state", http));

        IReadOnlyList<FakeLogRecord> logs = collector.GetSnapshot();
        Assert.Contains(logs, l => l.Id.Id == 3002 && l.Category == BunqOAuth.LogCategory);
        Assert.Contains(logs, l => l.Id.Id == 3003 && l.Level == LogLevel.Warning && l.Message.Contains("invalid_grant", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Id.Id == 3004);
        Assert.Contains(logs, l => l.Category?.StartsWith("System.Net.Http.HttpClient.bunq-oauth", StringComparison.Ordinal) == true); // the factory logged too
        string[] secrets = [OAuthFlowTests.Code(redirect), setup.OAuth.ClientSecret!, token.AccessToken.Reveal()];
        Assert.All(logs, l => Assert.All(secrets, secret =>
        {
            Assert.DoesNotContain(secret, l.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(l.StructuredState ?? [], pair => pair.Value?.Contains(secret, StringComparison.Ordinal) == true);
        }));
    }
}
