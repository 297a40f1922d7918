using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bunq.Emulator.Tests;

/// <summary>The objects' name-based uuids stay what they were when they were built from strings and arrays.</summary>
public sealed class BunqObjectsUuidTests
{
    [Theory]
    [InlineData("user", 1L)]
    [InlineData("avatar:account", 42L)]
    [InlineData("image:user", long.MaxValue)]
    [InlineData("payment", -7L)]
    [InlineData("ünïcode kind", 3L)]
    public void Uuid_is_the_sha256_of_kind_and_id(string kind, long id)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(kind + "/" + id.ToString(CultureInfo.InvariantCulture)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        string expected = Convert.ToHexStringLower(hash, 0, 4) + "-" + Convert.ToHexStringLower(hash, 4, 2) + "-" + Convert.ToHexStringLower(hash, 6, 2) + "-"
            + Convert.ToHexStringLower(hash, 8, 2) + "-" + Convert.ToHexStringLower(hash, 10, 6);

        Assert.Equal(expected, BunqObjects.Uuid(kind, id));
    }

    [Fact]
    public void A_long_kind_gives_the_same_uuid_as_a_short_path_would()
    {
        string kind = new('k', 400);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(kind + "/9"));

        Assert.StartsWith(Convert.ToHexStringLower(hash, 0, 4) + "-", BunqObjects.Uuid(kind, 9), StringComparison.Ordinal);
    }
}
