namespace Bunq;

/// <summary>
/// A secret string (API key, installation or session token). Its <see cref="ToString"/> is redacted so it cannot leak
/// into logs or exception messages by accident; read <see cref="Reveal"/> only where the secret is sent.
/// </summary>
public sealed class BunqSecret : IEquatable<BunqSecret>
{
    private readonly string _value;

    /// <summary>Wraps <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value is empty.</exception>
    public BunqSecret(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The secret itself. Never log it.</summary>
    public string Reveal() => _value;

    /// <summary>Always <c>***</c>.</summary>
    public override string ToString() => "***";

    /// <inheritdoc/>
    public bool Equals(BunqSecret? other) =>
        other is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(_value), System.Text.Encoding.UTF8.GetBytes(other._value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BunqSecret other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
