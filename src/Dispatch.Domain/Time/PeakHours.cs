using NodaTime;

namespace Dispatch.Domain.Time;

/// <summary>The plan's peak duty: workdays around 08:00, 12:00 and 17:00, plus or minus half an hour, local time.</summary>
public static class PeakHours
{
    public static readonly DateTimeZone China = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    public static readonly IReadOnlyList<LocalTime> Centres = [new(8, 0), new(12, 0), new(17, 0)];
    public static readonly Period HalfWidth = Period.FromMinutes(30);

    /// <summary>Windows are half-open: 07:30 is peak, 08:30 is not. Public holidays and make-up workdays come with the duty calendar.</summary>
    public static bool IsPeak(Instant at)
    {
        var local = at.InZone(China).LocalDateTime;
        if (local.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) return false;
        return Centres.Any(c => local.TimeOfDay >= c - HalfWidth && local.TimeOfDay < c + HalfWidth);
    }
}
