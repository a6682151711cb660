using Dispatch.Domain.Time;
using NodaTime;

namespace Dispatch.Domain.Tests;

public class PeakHoursTests
{
    private static readonly PeakHours Peak = WuyangDataTests.Wuyang.PeakHours;
    private static readonly IReadOnlyCollection<DesignatedPeriod> None = [];

    private static Instant Local(int year, int month, int day, int hour, int minute) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(PeakHours.China).ToInstant();

    // Wednesday 2026-12-02, an ordinary workday.
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
        Assert.Equal(peak, Peak.IsPeak(Local(2026, 12, 2, hour, minute), None));

    [Fact]
    public void An_ordinary_weekend_has_no_peak_duty() => Assert.False(Peak.IsPeak(Local(2026, 12, 5, 8, 0), None));

    [Fact]
    public void A_make_up_working_Saturday_has_all_three_windows()
    {
        // 2026-02-14 is a Saturday worked for the Spring Festival (State Council notice of 2025-11-04).
        var saturday = new LocalDate(2026, 2, 14);
        Assert.Equal(IsoDayOfWeek.Saturday, saturday.DayOfWeek);
        Assert.Equal(DayKind.MakeUpWorkday, Peak.Calendar.Classify(saturday).Kind);
        Assert.Equal([new LocalTime(8, 0), new LocalTime(12, 0), new LocalTime(17, 0)], Peak.WindowsOn(saturday, None).Select(w => w.Centre));
        Assert.True(Peak.IsPeak(Local(2026, 2, 14, 7, 45), None));
        Assert.True(Peak.IsPeak(Local(2025, 9, 28, 17, 0), None)); // a Sunday worked before National Day 2025
    }

    [Fact]
    public void A_public_holiday_on_a_weekday_has_none_unless_designated()
    {
        // 2026-10-05 is a Monday inside the National Day holiday.
        var holiday = Local(2026, 10, 5, 8, 0);
        Assert.Equal(IsoDayOfWeek.Monday, new LocalDate(2026, 10, 5).DayOfWeek);
        Assert.False(Peak.IsPeak(holiday, None));
        Assert.False(Peak.IsPeak(Local(2026, 2, 16, 12, 0), None)); // Spring Festival Monday

        var securityPeriod = new DesignatedPeriod(new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 7), "国庆安保");
        Assert.True(Peak.IsPeak(holiday, [securityPeriod]));
        Assert.Equal("designated: 国庆安保", Peak.WindowAt(holiday, [securityPeriod])!.Why);
        Assert.False(Peak.IsPeak(Local(2026, 10, 8, 14, 0), [securityPeriod]));
    }

    [Fact]
    public void Years_the_calendar_does_not_cover_fall_back_to_Monday_to_Friday_and_say_so()
    {
        var date = new LocalDate(2027, 1, 4); // Monday
        Assert.False(Peak.Calendar.Covers(date));
        Assert.Contains("outside the calendar", Peak.WhyPeakDay(date, None));
    }

    [Fact]
    public void Peak_is_judged_in_Shanghai_time_not_UTC()
    {
        Assert.True(Peak.IsPeak(Instant.FromUtc(2026, 12, 2, 0, 0), None));   // 08:00 in Wuyang
        Assert.False(Peak.IsPeak(Instant.FromUtc(2026, 12, 2, 8, 0), None));  // 16:00 in Wuyang
    }
}
