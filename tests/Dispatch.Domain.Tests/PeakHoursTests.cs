using Dispatch.Domain.Time;
using NodaTime;

namespace Dispatch.Domain.Tests;

public class PeakHoursTests
{
    // Wednesday 2026-12-02 in Asia/Shanghai (UTC+8).
    private static Instant Local(int hour, int minute, int day = 2) =>
        new LocalDateTime(2026, 12, day, hour, minute).InZoneStrictly(PeakHours.China).ToInstant();

    [Theory]
    [InlineData(7, 29, false)]
    [InlineData(7, 30, true)]
    [InlineData(8, 0, true)]
    [InlineData(8, 29, true)]
    [InlineData(8, 30, false)]
    [InlineData(11, 30, true)]
    [InlineData(12, 30, false)]
    [InlineData(16, 45, true)]
    [InlineData(17, 29, true)]
    [InlineData(17, 30, false)]
    [InlineData(14, 0, false)]
    public void Workday_windows_are_half_open_around_8_12_and_17_local_time(int hour, int minute, bool peak) =>
        Assert.Equal(peak, PeakHours.IsPeak(Local(hour, minute)));

    [Fact]
    public void Weekends_have_no_peak_duty() => Assert.False(PeakHours.IsPeak(Local(8, 0, day: 5)));

    [Fact]
    public void Peak_is_judged_in_Shanghai_time_not_UTC()
    {
        Assert.True(PeakHours.IsPeak(Instant.FromUtc(2026, 12, 2, 0, 0)));   // 08:00 in Wuyang
        Assert.False(PeakHours.IsPeak(Instant.FromUtc(2026, 12, 2, 8, 0)));  // 16:00 in Wuyang
    }
}
