using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The executable with <c>--data-dir</c>, killed with SIGKILL while clients pay, then restarted on the same folder:
/// every change it acknowledged is there, and money is neither made nor lost. The change is on disk before the answer
/// leaves, and the state file is replaced whole (write to a temporary file, rename over).
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Users = 4;
    private const decimal TopUp = 100m;
    private readonly string _directory = Directory.CreateTempSubdirectory("bunq-emulator-crash-").FullName;

    [Fact]
    public async Task A_kill_9_at_a_random_moment_loses_no_acknowledged_payment()
    {
        int killAfter = Random.Shared.Next(20, 120); // a random moment, in acknowledged payments; in the failure message to reproduce
        var apiKeys = new string[Users];
        var accounts = new long[Users];
        var ibans = new string[Users];
        var acknowledged = Enumerable.Range(0, Users).Select(_ => new List<InvariantTests.Acknowledged>()).ToArray();

        using (Process first = Start(out Uri address, out string pin))
        {
            var clients = new WireClient[Users];
            try
            {
                for (int i = 0; i < Users; i++)
                {
                    clients[i] = await new WireClient(address, pin).ConnectAsync();
                    apiKeys[i] = clients[i].ApiKey!;
                    accounts[i] = await ListingTests.MainAccountAsync(clients[i]);
                    ibans[i] = (await clients[i].CallAsync(HttpMethod.Get, $"user/{clients[i].UserId}/monetary-account-bank/{accounts[i]}"))
                        .Item("MonetaryAccountBank")["alias"]![0]!["value"]!.GetValue<string>();
                    await ListingTests.TopUpAsync(clients[i], accounts[i], 1, TopUp);
                }

                int total = 0;
                await Task.WhenAll(Enumerable.Range(0, Users).Select(async c =>
                {
                    var random = new Random(c);
                    for (int n = 0; ; n++)
                    {
                        string amount = (random.Next(1, 300) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
                        WireResponse paid;
                        try
                        {
                            paid = await clients[c].CallAsync(HttpMethod.Post, $"user/{clients[c].UserId}/monetary-account/{accounts[c]}/payment", new JsonObject
                            {
                                ["amount"] = new JsonObject { ["value"] = amount, ["currency"] = "EUR" },
                                ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = ibans[(c + 1 + random.Next(Users - 1)) % Users], ["name"] = "Payee" },
                                ["description"] = $"crash {c}/{n}",
                            });
                        }
                        catch (HttpRequestException)
                        {
                            return; // the emulator is gone: this call was never acknowledged
                        }

                        if (paid.Status == 200)
                        {
                            acknowledged[c].Add(new InvariantTests.Acknowledged(c, paid.Item("Id")["id"]!.GetValue<long>(), $"crash {c}/{n}"));
                            if (Interlocked.Increment(ref total) == killAfter)
                            {
                                first.Kill(); // SIGKILL: no shutdown, no flush
                            }
                        }
                    }
                }));
            }
            finally
            {
                foreach (WireClient? client in clients)
                {
                    client?.Dispose();
                }
            }

            await first.WaitForExitAsync();
        }

        using Process second = Start(out Uri restarted, out string samePin);
        try
        {
            Assert.True(acknowledged.Sum(a => a.Count) >= killAfter, $"killed after {killAfter} acknowledged payments");
            await InvariantTests.AssertInvariantsAsync(() => new WireClient(restarted, samePin), Users * TopUp, apiKeys, accounts, acknowledged);
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Process Start(out Uri address, out string pin)
    {
        Process process = Process.Start(new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "bunq-emulator.dll"), "--port", "0", "--data-dir", _directory, "--no-rate-limits", "--no-inspector"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The emulator printed nothing: " + process.StandardError.ReadToEnd());
        // "Bunq emulator listening on https://127.0.0.1:PORT/v1/ pin sha256/..."
        string[] words = line.Split(' ');
        address = new Uri(words[4]);
        pin = words[6];
        return process;
    }
}
