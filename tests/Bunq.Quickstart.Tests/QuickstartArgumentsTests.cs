namespace Bunq.Quickstart.Tests;

/// <summary>
/// The API key from BUNQ_API_KEY rather than the command line (where it stays in the shell's history and the process
/// list), --api-key still working, and the README's plain command unchanged whatever the shell has set.
/// </summary>
public class QuickstartArgumentsTests
{
    private const string BaseUrl = "https://127.0.0.1:8443/v1/";
    private const string Pin = "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static Func<string, string?> Environment(string? apiKey) =>
        name => name == QuickstartArguments.ApiKeyVariable ? apiKey : null;

    [Fact]
    public void A_server_takes_its_api_key_from_BUNQ_API_KEY()
    {
        QuickstartArguments arguments = QuickstartArguments.Parse(["--base-url", BaseUrl, "--pin", Pin], Environment(" sandbox_from_env "));

        Assert.Equal("sandbox_from_env", arguments.ApiKey);
        Assert.Equal(new Uri(BaseUrl), arguments.BaseUrl);
    }

    [Fact]
    public void The_sandbox_takes_its_api_key_from_BUNQ_API_KEY_and_says_so_when_it_is_missing()
    {
        Assert.Equal("sandbox_from_env", QuickstartArguments.Parse(["--sandbox"], Environment("sandbox_from_env")).ApiKey);

        ArgumentException missing = Assert.Throws<ArgumentException>(() => QuickstartArguments.Parse(["--sandbox"], Environment(null)));
        Assert.Contains("BUNQ_API_KEY", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => QuickstartArguments.Parse(["--sandbox"], Environment("  ")));
    }

    [Fact]
    public void Api_key_on_the_command_line_still_works_and_wins_over_the_environment()
    {
        Assert.Equal("sandbox_from_argument", QuickstartArguments.Parse(["--sandbox", "--api-key", "sandbox_from_argument"], Environment("sandbox_from_env")).ApiKey);
        Assert.Equal("sandbox_from_argument", QuickstartArguments.Parse(["--base-url", BaseUrl, "--pin", Pin, "--api-key", "sandbox_from_argument"], Environment(null)).ApiKey);
    }

    [Fact]
    public void The_default_run_and_oauth_ignore_BUNQ_API_KEY()
    {
        QuickstartArguments plain = QuickstartArguments.Parse([], Environment("sandbox_from_env"));
        QuickstartArguments oauth = QuickstartArguments.Parse(["--oauth"], Environment("sandbox_from_env"));

        Assert.True(plain.Embedded);
        Assert.Null(plain.ApiKey); // the embedded emulator makes its own sandbox user
        Assert.True(oauth.OAuth);
        Assert.Null(oauth.ApiKey);
    }

    [Fact]
    public void A_server_without_a_key_anywhere_makes_a_sandbox_user_as_before()
    {
        Assert.Null(QuickstartArguments.Parse(["--base-url", BaseUrl, "--pin", Pin], Environment(null)).ApiKey);
    }
}
