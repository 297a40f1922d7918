using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The inspector in a real browser: Debian's chromium driven by Playwright through its executable path (Playwright's
/// own browser download is not used). The page is open before the bad request is sent, so the row proves the live
/// update. The screenshot is kept under artifacts/ as the run's evidence.
/// </summary>
public class InspectorBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_page_shows_a_refused_signature_as_it_happens()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        // The emulator's certificate is self-signed; the test's HTTP clients pin it, the browser is told to accept it.
        await using IBrowserContext context = await browser.NewContextAsync(new() { IgnoreHTTPSErrors = true, ViewportSize = new() { Width = 1400, Height = 900 } });
        IPage page = await context.NewPageAsync();
        await page.GotoAsync(bunq.InspectorAddress!.ToString());
        Assert.Equal(0, await page.Locator("td.invalid").CountAsync());

        var body = new JsonObject { ["currency"] = "EUR", ["description"] = "signed with the wrong key" };
        byte[] sent = Encoding.UTF8.GetBytes(body.ToJsonString());
        await client.SendAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account-bank", body, client.SessionToken, signature: Convert.ToBase64String(new byte[256]));

        ILocator refused = page.Locator("td.invalid").First;
        await refused.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal($"invalid: {sent.Length} bytes received, SHA-256 {Convert.ToHexStringLower(SHA256.HashData(sent))}", await refused.TextContentAsync());
        string all = await page.ContentAsync();
        Assert.DoesNotContain(client.SessionToken!, all, StringComparison.Ordinal);
        Assert.DoesNotContain(client.ApiKey!, all, StringComparison.Ordinal);

        string root = Path.GetDirectoryName(Bunq.Testing.TestPaths.FindUpwards("Bunq.Generators.sln")!)!;
        string screenshot = Path.Combine(root, "artifacts", "inspector", "refused-signature.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 1000);
    }
}
