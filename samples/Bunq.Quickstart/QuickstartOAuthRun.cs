using System.Globalization;
using Bunq.Emulator;
using Bunq.OAuth;
using Spectre.Console;

namespace Bunq.Quickstart;

/// <summary>
/// <c>--oauth</c>: bunq's OAuth flow against a fresh embedded emulator. A developer registers an OAuth client, a bunq user
/// approves the app, the app exchanges the code for an access token and connects with it, then lists the accounts of the
/// user who granted access.
/// </summary>
internal static class QuickstartOAuthRun
{
    // Where bunq sends the user back. Nothing needs to listen here in the walk-through: the emulator hands the redirect
    // back instead of a browser following it.
    private static readonly Uri Callback = new("https://localhost/bunq/oauth-callback");

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        AnsiConsole.Write(new Rule("[bold]Bunq.Generators quickstart: OAuth[/]").LeftJustified());
        await using BunqEmulator emulator = await Spin("Starting a fresh embedded bunq emulator", () => BunqEmulator.StartAsync(cancellationToken: cancellationToken));
        Step($"Embedded bunq emulator at [blue]{emulator.BaseAddress}[/]; its OAuth pages at [blue]{emulator.OAuthAuthorizationEndpoint}[/].");

        // 1. The developer's own API key registers the app (bunq allows one OAuth client per user).
        string developerKey = await BunqSandbox.CreateUserAsync(ApiOptions(emulator, apiKey: null), cancellationToken);
        BunqOAuthClientRegistration registration;
        await using (Bank developer = await Bank.ConnectAsync(ApiOptions(emulator, developerKey), cancellationToken))
        {
            registration = await Spin("Registering the OAuth client and its callback URL", () => BunqOAuthClients.RegisterAsync(developer.Connection, Callback, cancellationToken));
        }

        Step($"OAuth client [blue]{registration.Id}[/], client id [grey]{registration.ClientId}[/], callback [blue]{Markup.Escape(Callback.OriginalString)}[/] (the secret stays in memory).");

        // 2. The app sends the user to bunq with a state it keeps; the user approves.
        BunqOAuthOptions oauth = registration.ToOptions(Callback);
        oauth.AuthorizationEndpoint = emulator.OAuthAuthorizationEndpoint;
        oauth.TokenEndpoint = emulator.OAuthTokenEndpoint;
        oauth.CertificatePins.Add(emulator.Pin);
        string state = BunqOAuth.CreateState();
        Uri login = BunqOAuth.GetAuthorizationUri(oauth, state);
        Step($"The app sends the user to [blue]{Markup.Escape(login.GetLeftPart(UriPartial.Path))}[/]?response_type=code&client_id=…&redirect_uri=…&state=…");
        string customerKey = await BunqSandbox.CreateUserAsync(ApiOptions(emulator, apiKey: null), cancellationToken);
        Uri callback = emulator.ApproveOAuth(login, customerKey);
        Step("A sandbox user approved on the consent page; bunq redirects to the callback with [grey]code[/] and [grey]state[/].");

        // 3. The app checks the state and exchanges the code (query parameters, no body) for the access token.
        BunqOAuthToken token = await Spin("Exchanging the code for an access token", () => BunqOAuth.ExchangeCodeAsync(oauth, callback, state, cancellationToken: cancellationToken));
        Step("Got an access token (shown nowhere: it is an API key for the granting user's data).");

        // 4. The access token is the API key of a new context; its session belongs to a UserApiKey.
        await using Bank app = await Spin("Creating the API context with the access token: installation, device-server, session-server",
            () => Bank.ConnectAsync(ApiOptions(emulator, token.AccessToken.Reveal()), cancellationToken));
        Step($"Connected as UserApiKey [blue]{app.UserId}[/] (use this id as {{userId}} in routes).");
        BunqList<MonetaryAccountBank> accounts = await app.MonetaryAccounts.ListAsync(app.UserId, cancellationToken);
        var table = new Table().Title("The granting user's monetary accounts, seen by the app").AddColumns("Id", "Description", "IBAN", "Balance");
        foreach (MonetaryAccountBank a in accounts.Items)
        {
            table.AddRow(a.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(a.Description), a.Iban, a.Balance.ToString());
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[green]Done.[/]");
    }

    private static BunqOptions ApiOptions(BunqEmulator emulator, string? apiKey)
    {
        var options = new BunqOptions { ApiKey = apiKey, BaseAddress = emulator.BaseAddress, DeviceDescription = "Bunq.Generators quickstart (OAuth)", JsonTypeInfoResolver = QuickstartJson.Default };
        options.CertificatePins.Add(emulator.Pin);
        return options;
    }

    private static void Step(string markup) => AnsiConsole.MarkupLine("[green]✓[/] " + markup);

    private static Task<T> Spin<T>(string what, Func<Task<T>> action) =>
        AnsiConsole.Status().StartAsync(Markup.Escape(what) + "…", _ => action());
}
