using System.Globalization;

namespace Bunq.Emulator;

/// <summary>
/// The executable's options (DESIGN.md's contract): <c>--port N</c>, <c>--data-dir DIR</c>, <c>--no-rate-limits</c>,
/// <c>--first-id N</c>, <c>--callback-ca FILE</c>, <c>--help</c>. Parsing is separate from the program so tests can pin it without a process.
/// </summary>
internal sealed class EmulatorCommandLine
{
    public const string Usage = """
        Usage: bunq-emulator [options]
        Serves bunq's API over HTTPS on 127.0.0.1 until stopped (Ctrl+C or SIGTERM, exit 0).

          --port N          TCP port to listen on; 0 (default) picks a free one
          --data-dir DIR    keep the signing key, state and certificate (certificate.pem, for other clients to
                            trust) in DIR across restarts; the folder is made owner-only (0700, files 0600)
          --no-rate-limits  do not enforce bunq's rate limits (GET 3, POST 5, PUT 2 per 3 s; session-server 1 per 30 s)
          --first-id N      the first id handed out (default 1001); bunq's ids pass 2147483647, so a value above it
                            catches clients that keep ids in 32 bits
          --callback-ca FILE
                            a certificate (PEM or DER) callback targets may chain to, besides the system's
                            roots: a test CA, or a receiver's self-signed certificate; host names are checked
          --no-inspector    do not serve the inspector page at https://127.0.0.1:PORT/_emulator/
          --help            show this text
        """;

    public bool Help { get; private set; }

    public BunqEmulatorOptions Options { get; } = new() { LogToStandardError = true, InlineScheduling = true };

    /// <summary>Parses <paramref name="args"/>; on a malformed one returns null and a one-line reason.</summary>
    public static EmulatorCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        var line = new EmulatorCommandLine();
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string? value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--help" or "-h":
                    line.Help = true;
                    break;
                case "--no-rate-limits":
                    line.Options.EnforceRateLimits = false;
                    break;
                case "--no-inspector":
                    line.Options.Inspector = false;
                    break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535:
                    line.Options.Port = port;
                    i++;
                    break;
                case "--first-id" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long first) && first >= 1:
                    line.Options.FirstId = first;
                    i++;
                    break;
                case "--callback-ca" when value is not null && !value.StartsWith("--", StringComparison.Ordinal):
                    if (!TryLoadCertificate(value, out System.Security.Cryptography.X509Certificates.X509Certificate2? authority))
                    {
                        error = $"--callback-ca: '{Printable(value)}' is not a readable certificate (PEM or DER).";
                        return null;
                    }

                    line.Options.CallbackCertificateAuthority = authority;
                    i++;
                    break;
                case "--data-dir" when !string.IsNullOrWhiteSpace(value) && !value.StartsWith("--", StringComparison.Ordinal):
                    line.Options.DataDirectory = Path.GetFullPath(value);
                    i++;
                    break;
                default:
                    error = $"Unknown or malformed argument '{Printable(args[i])}'. Usage: bunq-emulator --help";
                    return null;
            }
        }

        return line;
    }

    private static bool TryLoadCertificate(string path, out System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        try
        {
            string text = File.ReadAllText(path);
            certificate = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(text)
                : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            certificate = null;
            return false;
        }
    }

    // The argument goes back to a terminal: keep control characters out of it.
    private static string Printable(string text) =>
        new(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
