namespace Bunq.Quickstart;

/// <summary>The command line: no arguments runs against an embedded emulator.</summary>
internal sealed record QuickstartArguments(Uri? BaseUrl, string? Pin, string? ApiKey, bool Sandbox, string DataDirectory, bool OAuth = false)
{
    public const string Usage = """
        Usage: dotnet run --project samples/Bunq.Quickstart [-- options]
          (no options)                              run against a fresh embedded bunq emulator
          --base-url URL --pin sha256/B64           any bunq-compatible server; its API key from BUNQ_API_KEY, if set
          --sandbox                                 bunq's real sandbox; its API key from BUNQ_API_KEY
          --api-key KEY                             the API key on the command line instead (it then stays in your
                                                    shell's history and in the process list: prefer BUNQ_API_KEY)
          --data DIR                                where the context (and the embedded emulator) are kept, owner-only;
                                                    default .bunq-quickstart (the context's protection key is kept in
                                                    your application-data folder, not here)
          --oauth                                   OAuth walk-through on a fresh embedded emulator: register an OAuth client,
                                                    a user approves, exchange the code, connect with the token, list the
                                                    granting user's accounts
          -h, --help                                this text (exit code 0)
        """;

    public bool Embedded => BaseUrl is null && !Sandbox;

    /// <summary>The environment variable an API key for <c>--base-url</c> or <c>--sandbox</c> is read from.</summary>
    public const string ApiKeyVariable = "BUNQ_API_KEY";

    /// <summary>
    /// Reads the command line; the API key comes from <c>--api-key</c> or else from <see cref="ApiKeyVariable"/> (read
    /// through <paramref name="environment"/>), only when a server is named: the default run and <c>--oauth</c> make
    /// their own users on the embedded emulator, whatever the shell has set.
    /// </summary>
    /// <exception cref="ArgumentException">The arguments do not parse.</exception>
    public static QuickstartArguments Parse(string[] args, Func<string, string?>? environment = null)
    {
        Uri? baseUrl = null;
        string? pin = null, apiKey = null;
        bool sandbox = false, oauth = false;
        string data = ".bunq-quickstart";
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--base-url":
                    string text = Value();
                    baseUrl = Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) ? uri : throw new ArgumentException($"--base-url '{text}' is not an absolute URL.");
                    break;
                case "--pin":
                    pin = Value();
                    break;
                case "--api-key":
                    apiKey = Value();
                    break;
                case "--sandbox":
                    sandbox = true;
                    break;
                case "--oauth":
                    oauth = true;
                    break;
                case "--data":
                    data = Value();
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        if (sandbox && baseUrl is not null)
        {
            throw new ArgumentException("--sandbox and --base-url exclude each other.");
        }

        if ((sandbox || baseUrl is not null) && apiKey is null)
        {
            string? fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)(ApiKeyVariable)?.Trim();
            apiKey = string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment;
        }

        if (sandbox && apiKey is null)
        {
            throw new ArgumentException($"--sandbox needs an API key: set {ApiKeyVariable} (make one in the bunq sandbox app or developer portal).");
        }

        if (baseUrl is not null && pin is null)
        {
            throw new ArgumentException("--base-url needs --pin sha256/BASE64 (the emulator prints its pin).");
        }

        if (oauth && (sandbox || baseUrl is not null || apiKey is not null))
        {
            throw new ArgumentException("--oauth runs against the embedded emulator only (its consent step stands in for the user's browser).");
        }

        return new QuickstartArguments(baseUrl, pin, apiKey, sandbox, data, oauth);
    }
}
