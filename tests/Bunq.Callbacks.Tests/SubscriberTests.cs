using System.Net;
using Bunq.Emulator;

namespace Bunq.Callbacks.Tests;

/// <summary>Whose filters are whose: an OAuth app's filters follow the granting user without replacing that user's own.</summary>
public class SubscriberTests
{
    [Fact]
    public async Task An_oauth_apps_filters_stay_apart_from_the_granting_users_and_both_get_their_callbacks()
    {
        await using CallbackReceiver own = await CallbackReceiver.StartAsync();
        await using CallbackReceiver app = await CallbackReceiver.StartAsync();
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false }); // trusts neither: tries are enough here
        string grantingKey = bunq.CreateSandboxUser();
        await using User granting = await Sandbox.UserAsync(await Bank.ConnectAsync(Sandbox.Options(bunq, grantingKey)));
        await using Bank oauth = await Bank.ConnectAsync(Sandbox.Options(bunq, bunq.CreateOAuthAccessToken(grantingKey)));
        var mine = new BunqNotificationFilter("MUTATION", own.Hook);
        var theirs = new BunqNotificationFilter("MUTATION", app.Hook);

        await BunqNotificationFilters.SetAsync(granting.Bank.Connection, [mine]);
        await BunqNotificationFilters.SetAsync(oauth.Connection, [theirs]);

        Assert.Equal([mine], await BunqNotificationFilters.ListAsync(granting.Bank.Connection));
        Assert.Equal([theirs], await BunqNotificationFilters.ListAsync(oauth.Connection));
        await BunqSandbox.TopUpAsync(granting.Bank.Connection, granting.Account.Id, 2m);
        EmulatorCallback[] tried = await Task.WhenAll(
            bunq.Callbacks.WaitForAsync(c => c.Target == own.Hook.AbsoluteUri && c.Attempts.Count == 1),
            bunq.Callbacks.WaitForAsync(c => c.Target == app.Hook.AbsoluteUri && c.Attempts.Count == 1)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(tried, c => Assert.Equal(("MUTATION_RECEIVED", granting.Id), (c.EventType, c.UserId)));
    }

    [Fact]
    public async Task The_inspector_lists_callbacks_with_their_tries_and_outcome()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        await using BunqEmulator bunq = await Sandbox.StartAsync(receiver);
        await using User user = await Sandbox.UserAsync(bunq);
        await Sandbox.SubscribeAsync(user, receiver.Hook, "MUTATION");
        await BunqSandbox.TopUpAsync(user.Bank.Connection, user.Account.Id, 2m);
        EmulatorCallback delivered = await bunq.Callbacks.WaitForAsync(c => c.Outcome == EmulatorCallbackOutcome.Delivered).WaitAsync(TimeSpan.FromSeconds(30));

        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && bunq.CertificatePem.Contains(
                Convert.ToBase64String(certificate.GetRawCertData())[..40], StringComparison.Ordinal) },
        });
        string tables = await http.GetStringAsync(new Uri(bunq.InspectorAddress!, "tables"));

        Assert.Contains("<table id=\"callbacks\">", tables, StringComparison.Ordinal);
        Assert.Contains($"<td>{delivered.Id}</td><td>{delivered.EventId}</td><td><code>{WebUtility.HtmlEncode(receiver.Hook.AbsoluteUri)}</code></td><td>MUTATION</td><td>MUTATION_RECEIVED</td>",
            tables, StringComparison.Ordinal);
        Assert.Contains("Delivered", tables, StringComparison.Ordinal);
    }
}
