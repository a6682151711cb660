using NodaTime;

namespace Dispatch.Domain.Duty;

/// <summary>The shift an instant falls in, named by the local date it started on: 00:30 belongs to last night's shift.</summary>
public sealed record ShiftInstance(string Name, LocalDate StartedOn, Instant Start, Instant End)
{
    public string Key => $"{StartedOn:yyyy-MM-dd}/{Name}";
}

public static class Shifts
{
    public static ShiftInstance Of(Instant at, IReadOnlyList<Shift> shifts, DateTimeZone zone)
    {
        var local = at.InZone(zone).LocalDateTime;
        var ordered = shifts.OrderBy(s => s.Starts).ToList();
        // The latest shift start at or before this moment, today or else the last one of yesterday.
        var (shift, date) = ordered.LastOrDefault(s => s.Starts <= local.TimeOfDay) is { } today
            ? (today, local.Date)
            : (ordered[^1], local.Date.PlusDays(-1));
        var index = ordered.IndexOf(shift);
        var (next, nextDate) = index + 1 < ordered.Count ? (ordered[index + 1], date) : (ordered[0], date.PlusDays(1));
        return new ShiftInstance(shift.Name, date, date.At(shift.Starts).InZoneLeniently(zone).ToInstant(),
            nextDate.At(next.Starts).InZoneLeniently(zone).ToInstant());
    }
}
