using Dispatch.Domain.Duty;
using NodaTime;

namespace Dispatch.Domain.Time;

/// <summary>A local date range (inclusive) the command declared a holiday or security period with peak duty (重大节日或安保时期).</summary>
public sealed record DesignatedPeriod(LocalDate From, LocalDate To, string Reason)
{
    public bool Contains(LocalDate date) => date >= From && date <= To;
}

/// <summary>One peak-duty window: half-open [Start, End), with the reason the day has peak duty.</summary>
public sealed record PeakWindow(LocalDate Date, LocalTime Centre, Instant Start, Instant End, string Why);

/// <summary>
/// The plan's peak duty (高峰勤务): around 08:00, 12:00 and 17:00, plus or minus half an hour, local time,
/// on workdays (make-up working weekends included, public holidays not) and on designated periods.
/// </summary>
public sealed class PeakHours(WorkCalendar calendar, PeakRule rule)
{
    public static readonly DateTimeZone China = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public WorkCalendar Calendar => calendar;

    public PeakWindow? WindowAt(Instant at, IReadOnlyCollection<DesignatedPeriod> designated)
    {
        var local = at.InZone(China).LocalDateTime;
        return WindowsOn(local.Date, designated).FirstOrDefault(w => at >= w.Start && at < w.End);
    }

    public bool IsPeak(Instant at, IReadOnlyCollection<DesignatedPeriod> designated) => WindowAt(at, designated) is not null;

    public string? WhyPeakDay(LocalDate date, IReadOnlyCollection<DesignatedPeriod> designated)
    {
        if (designated.FirstOrDefault(d => d.Contains(date)) is { } period) return $"designated: {period.Reason}";
        var (kind, name) = calendar.Classify(date);
        var assumed = calendar.Covers(date) ? "" : " (outside the calendar's years: Monday to Friday assumed)";
        return kind switch
        {
            DayKind.Workday => "workday" + assumed,
            DayKind.MakeUpWorkday => $"make-up workday ({name})",
            _ => null,
        };
    }

    public IEnumerable<PeakWindow> WindowsOn(LocalDate date, IReadOnlyCollection<DesignatedPeriod> designated)
    {
        if (WhyPeakDay(date, designated) is not { } why) yield break;
        foreach (var centre in rule.Centres)
        {
            var middle = date.At(centre).InZoneLeniently(China).ToInstant();
            yield return new PeakWindow(date, centre, middle - rule.HalfWidth, middle + rule.HalfWidth, why);
        }
    }

    /// <summary>The window in force at <paramref name="at"/>, else the next one within a fortnight.</summary>
    public PeakWindow? CurrentOrNext(Instant at, IReadOnlyCollection<DesignatedPeriod> designated)
    {
        var date = at.InZone(China).Date;
        for (var day = 0; day < 15; day++)
            foreach (var window in WindowsOn(date.PlusDays(day), designated))
                if (window.End > at) return window;
        return null;
    }
}
