using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bunq;

/// <summary>
/// A set of SPKI SHA-256 pins (<c>sha256/BASE64</c>). A certificate chain is accepted when one of its keys is in the
/// set, so a set holding the current and the next key survives a rotation.
/// </summary>
internal sealed class BunqPinSet
{
    private const string Prefix = "sha256/";

    private readonly ImmutableHashSet<string> _pins;

    private BunqPinSet(ImmutableHashSet<string> pins) => _pins = pins;

    /// <summary>No pins: the platform's certificate validation alone decides.</summary>
    public static BunqPinSet None { get; } = new(ImmutableHashSet<string>.Empty);

    /// <summary>The pins, each <c>sha256/BASE64</c>, in ordinal order.</summary>
    public IReadOnlyList<string> Pins => _pins.OrderBy(p => p, StringComparer.Ordinal).ToArray();

    /// <summary>True when the set has no pins.</summary>
    public bool IsEmpty => _pins.IsEmpty;

    /// <summary>Parses pins of the form <c>sha256/BASE64</c> (the SHA-256 of a DER SubjectPublicKeyInfo).</summary>
    /// <exception cref="BunqConfigurationException">A pin is malformed.</exception>
    public static BunqPinSet Parse(IEnumerable<string> pins)
    {
        ArgumentNullException.ThrowIfNull(pins);
        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        Span<byte> hash = stackalloc byte[32];
        foreach (string raw in pins)
        {
            string pin = raw?.Trim() ?? string.Empty;
            if (!pin.StartsWith(Prefix, StringComparison.Ordinal)
                || !Convert.TryFromBase64String(pin[Prefix.Length..], hash, out int length) || length != 32)
            {
                throw new BunqConfigurationException(
                    $"Certificate pin '{pin}' is not of the form sha256/BASE64 with a 32-byte SHA-256 of the server's SubjectPublicKeyInfo.");
            }

            builder.Add(pin);
        }

        return new BunqPinSet(builder.ToImmutable());
    }

    /// <summary>Parses pins; see <see cref="Parse(IEnumerable{string})"/>.</summary>
    public static BunqPinSet Parse(params string[] pins) => Parse((IEnumerable<string>)pins);

    /// <summary>The pin of a certificate's public key.</summary>
    public static string PinOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        byte[] spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        return Prefix + Convert.ToBase64String(SHA256.HashData(spki));
    }

    /// <summary>True when the pin is in the set.</summary>
    public bool Contains(string pin) => _pins.Contains(pin);

    /// <inheritdoc/>
    public override string ToString() => IsEmpty ? "(no pins)" : string.Join(", ", Pins);
}
