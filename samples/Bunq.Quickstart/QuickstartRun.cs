using System.Globalization;
using Bunq.Emulator;
using Spectre.Console;

namespace Bunq.Quickstart;

/// <summary>
/// The whole bunq flow, step by step: a sandbox user, an API context saved to a file (reused on the next run), accounts,
/// a sugar-daddy top-up, a payment to a second sandbox user, and the payments page by page.
/// </summary>
internal sealed class QuickstartRun(QuickstartArguments arguments)
{
    private static readonly string[] ContextRoutes = ["/v1/installation", "/v1/device-server", "/v1/session-server"];

    // Says why the run pauses when the client waits for bunq's rate limit (30 s between session-server calls).
    private static readonly RateLimitWaitDisplay WaitDisplay = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        AnsiConsole.Write(new Rule("[bold]Bunq.Generators quickstart[/]").LeftJustified());
        OwnerOnlyFiles.CreateFolder(arguments.DataDirectory);
        await using BunqEmulator? emulator = arguments.Embedded ? await StartEmulatorAsync(cancellationToken) : null;

        BunqOptions options = Options(emulator);
        string contextFile = ContextFile(options.ResolveBaseAddress());
        // The library's default key file, in the user's application-data folder: not beside the context, so a copied,
        // backed-up or leaked data folder alone is useless.
        options.ContextStore = BunqContextStore.File(contextFile, BunqContextProtection.UserKey());
        if (File.Exists(Path.Combine(arguments.DataDirectory, "context-protection.key")))
        {
            AnsiConsole.MarkupLine($"[yellow]![/] An older quickstart kept the protection key beside the context, in [blue]{Markup.Escape(arguments.DataDirectory)}[/]; " +
                "it is no longer used. Delete that folder to start afresh if the saved context cannot be read.");
        }

        options.JsonTypeInfoResolver = QuickstartJson.Default;
        bool reusing = File.Exists(contextFile);
        if (reusing)
        {
            Step($"Reusing the saved API context in [blue]{Markup.Escape(contextFile)}[/]: no installation, device-server or session-server calls.");
        }
        else if (options.ApiKey is null)
        {
            options.ApiKey = await Spin("Creating a sandbox user", () => BunqSandbox.CreateUserAsync(options, cancellationToken));
            Step("Created a sandbox user (its API key goes into the encrypted context file only).");
        }

        await using Bank bank = await Spin(reusing ? "Restoring the context" : "Creating the API context: installation, device-server, session-server",
            () => Bank.ConnectAsync(options, cancellationToken));
        Step($"Connected as user [blue]{bank.UserId}[/]; the context is kept, encrypted, in [blue]{Markup.Escape(contextFile)}[/].");

        MonetaryAccountBank main = (await bank.MonetaryAccounts.ListAsync(bank.UserId, cancellationToken)).Items.MinBy(a => a.Id)
            ?? throw new InvalidOperationException("The user has no monetary account.");
        BunqPointer payee = await Spin("Finding a second sandbox user to pay", () => PayeeAsync(emulator, cancellationToken));
        await Spin("Asking the sandbox's sugar daddy for 100.00 EUR", () => BunqSandbox.TopUpAsync(bank.Connection, main.Id, 100m, cancellationToken));
        BunqId payment = await Spin($"Paying 12.50 EUR to {payee.Name} (signed request, verified response)", () => bank.Payments.CreateAsync(
            bank.UserId, main.Id, new NewPayment(BunqAmount.Of(12.50m, "EUR"), payee, "Quickstart payment"), cancellationToken));
        Step($"Payment [blue]{payment.Id}[/] to [blue]{Markup.Escape(payee.Value)}[/] accepted.");
        await QuickstartReceipt.RunAsync(bank, main.Id, payment.Id, TimeProvider.System, cancellationToken);

        ShowAccounts([.. (await bank.MonetaryAccounts.ListAsync(bank.UserId, cancellationToken)).Items]);
        await ShowPaymentsAsync(bank, main, cancellationToken);

        if (emulator is not null)
        {
            int contextCalls = emulator.Requests.Count(r => ContextRoutes.Contains(r.Path));
            Step(reusing
                ? $"Context calls this run: [blue]{contextCalls}[/] (the saved context was reused)."
                : $"Context calls this run: [blue]{contextCalls}[/]. Run the quickstart again to see the saved context reused.");
        }

        AnsiConsole.MarkupLine("[green]Done.[/]");
    }

    private async Task<BunqEmulator> StartEmulatorAsync(CancellationToken cancellationToken)
    {
        // The emulator keeps its key, certificate and state beside the context, on the same port, so the next run's
        // saved context still points at a server that knows it.
        string portFile = Path.Combine(arguments.DataDirectory, "emulator-port");
        int port = File.Exists(portFile) && int.TryParse(File.ReadAllText(portFile), NumberStyles.None, CultureInfo.InvariantCulture, out int saved) ? saved : 0;
        // Rate limits off: the first run opens two sessions (ours and the payee's), and bunq allows one session-server
        // call per 30 s per IP; bunq's sandbox makes that run wait 30 s, the embedded emulator spares the wait.
        var options = new BunqEmulatorOptions { Port = port, DataDirectory = Path.Combine(arguments.DataDirectory, "emulator"), EnforceRateLimits = false };
        BunqEmulator emulator = await Spin("Starting the embedded bunq emulator", () => BunqEmulator.StartAsync(options, cancellationToken));
        OwnerOnlyFiles.WriteAllText(portFile, emulator.BaseAddress.Port.ToString(CultureInfo.InvariantCulture));
        Step($"Embedded bunq emulator at [blue]{emulator.BaseAddress}[/], pin [grey]{emulator.Pin}[/].");
        return emulator;
    }

    private BunqOptions Options(BunqEmulator? emulator)
    {
        var options = new BunqOptions { ApiKey = arguments.ApiKey, DeviceDescription = "Bunq.Generators quickstart", LoggerFactory = WaitDisplay };
        if (emulator is not null)
        {
            options.BaseAddress = emulator.BaseAddress;
            options.CertificatePins.Add(emulator.Pin);
        }
        else if (arguments.Sandbox)
        {
            options.Environment = BunqEnvironment.Sandbox;
        }
        else
        {
            options.BaseAddress = arguments.BaseUrl;
            options.CertificatePins.Add(arguments.Pin!);
        }

        return options;
    }

    /// <summary>
    /// The account to pay: a second sandbox user's IBAN, as bunq's sandbox allows no external transactions. Made once
    /// (a sandbox user and a short-lived context of its own) and remembered beside the context, so later runs make no
    /// context calls for it.
    /// </summary>
    private async Task<BunqPointer> PayeeAsync(BunqEmulator? emulator, CancellationToken cancellationToken)
    {
        BunqOptions options = Options(emulator);
        Uri baseAddress = options.ResolveBaseAddress();
        string file = Path.Combine(arguments.DataDirectory, $"payee-{baseAddress.Host}-{baseAddress.Port.ToString(CultureInfo.InvariantCulture)}.txt");
        if (File.Exists(file) && File.ReadAllText(file).Split('\t') is [var savedIban, var savedName])
        {
            return new BunqPointer { Type = "IBAN", Value = savedIban, Name = savedName.Trim() };
        }

        options.ApiKey = await BunqSandbox.CreateUserAsync(options, cancellationToken);
        options.DeviceDescription = "Bunq.Generators quickstart payee";
        options.JsonTypeInfoResolver = QuickstartJson.Default;
        await using Bank payee = await Bank.ConnectAsync(options, cancellationToken);
        MonetaryAccountBank account = (await payee.MonetaryAccounts.ListAsync(payee.UserId, cancellationToken)).Items.MinBy(a => a.Id)
            ?? throw new InvalidOperationException("The second sandbox user has no monetary account.");
        await payee.Connection.CloseAsync(cancellationToken);
        string name = account.Alias.FirstOrDefault(a => a.Type == "IBAN")?.Name ?? "a second sandbox user";
        OwnerOnlyFiles.WriteAllText(file, account.Iban + "\t" + name);
        Step($"Created a second sandbox user to pay, [blue]{Markup.Escape(name)}[/] ([blue]{Markup.Escape(account.Iban)}[/]).");
        return new BunqPointer { Type = "IBAN", Value = account.Iban, Name = name };
    }

    private string ContextFile(Uri baseAddress) =>
        Path.Combine(arguments.DataDirectory, $"context-{baseAddress.Host}-{baseAddress.Port.ToString(CultureInfo.InvariantCulture)}.json");

    private static async Task ShowPaymentsAsync(Bank bank, MonetaryAccountBank account, CancellationToken cancellationToken)
    {
        long? older = null;
        for (int page = 1; page <= 3; page++)
        {
            BunqList<Payment> payments = await bank.Payments.ListAsync(bank.UserId, account.Id, count: 3, olderId: older, cancellationToken);
            var table = new Table().Title($"Payments of {Markup.Escape(account.Description)}, page {page}").AddColumns("Id", "When (UTC)", "Amount", "Counterparty", "Description");
            foreach (Payment p in payments.Items)
            {
                table.AddRow(p.Id.ToString(CultureInfo.InvariantCulture), p.Created.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    p.Amount.ToString(), Markup.Escape(p.CounterpartyAlias.DisplayName ?? p.CounterpartyAlias.Iban ?? ""), Markup.Escape(p.Description));
            }

            AnsiConsole.Write(table);
            older = payments.Pagination.OlderId;
            if (older is null)
            {
                break;
            }
        }
    }

    private static void ShowAccounts(IReadOnlyList<MonetaryAccountBank> accounts)
    {
        var table = new Table().Title("Monetary accounts").AddColumns("Id", "Description", "IBAN", "Balance");
        foreach (MonetaryAccountBank a in accounts)
        {
            table.AddRow(a.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(a.Description), a.Iban, a.Balance.ToString());
        }

        AnsiConsole.Write(table);
    }

    private static void Step(string markup) => AnsiConsole.MarkupLine("[green]✓[/] " + markup);

    private static Task<T> Spin<T>(string what, Func<Task<T>> action) =>
        AnsiConsole.Status().StartAsync(Markup.Escape(what) + "…", _ => action());
}
