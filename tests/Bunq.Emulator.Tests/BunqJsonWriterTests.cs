using System.Globalization;

namespace Bunq.Emulator.Tests;

/// <summary>The emulator's timestamps, written by hand for speed, against the runtime's own formatting of bunq's pattern.</summary>
public sealed class BunqJsonWriterTests
{
    [Theory]
    [InlineData("0001-01-01T00:00:00.0000000Z")]
    [InlineData("1990-01-01T00:00:00.0000001Z")]
    [InlineData("2026-12-06T15:09:07.1234567Z")]
    [InlineData("2026-02-28T23:59:59.9999999Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    public void Time_matches_the_runtime_format(string instant)
    {
        var time = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

        Assert.Equal(time.UtcDateTime.ToString(BunqJsonWriter.TimeFormat, CultureInfo.InvariantCulture), BunqJsonWriter.Time(time));
    }

    [Fact]
    public void Time_is_written_in_utc()
    {
        var amsterdam = new DateTimeOffset(2026, 7, 1, 14, 30, 0, TimeSpan.FromHours(2)).AddTicks(50);

        Assert.Equal("2026-07-01 12:30:00.000005", BunqJsonWriter.Time(amsterdam));
    }
}
