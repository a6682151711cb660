using NodaTime;

namespace Dispatch.Domain.Time;

public enum DayKind
{
    Workday,
    Weekend,
    PublicHoliday,
    /// <summary>A weekend day worked to make up for a holiday (调休上班).</summary>
    MakeUpWorkday,
}

public sealed record CalendarDay(LocalDate Date, string Name);

/// <summary>
/// China's working calendar as published by the State Council each year: public holidays and the
/// weekend days worked in exchange. Years it does not cover fall back to Monday to Friday, and say so.
/// </summary>
public sealed class WorkCalendar
{
    private readonly Dictionary<LocalDate, string> _holidays;
    private readonly Dictionary<LocalDate, string> _makeUpWorkdays;

    public WorkCalendar(string source, IReadOnlyList<int> years, IReadOnlyList<CalendarDay> holidays, IReadOnlyList<CalendarDay> makeUpWorkdays)
    {
        Source = source;
        Years = years;
        _holidays = holidays.ToDictionary(d => d.Date, d => d.Name);
        _makeUpWorkdays = makeUpWorkdays.ToDictionary(d => d.Date, d => d.Name);
    }

    public string Source { get; }
    public IReadOnlyList<int> Years { get; }

    public bool Covers(LocalDate date) => Years.Contains(date.Year);

    public (DayKind Kind, string? Name) Classify(LocalDate date)
    {
        if (_holidays.TryGetValue(date, out var holiday)) return (DayKind.PublicHoliday, holiday);
        if (_makeUpWorkdays.TryGetValue(date, out var workday)) return (DayKind.MakeUpWorkday, workday);
        return date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? (DayKind.Weekend, null) : (DayKind.Workday, null);
    }

    public bool IsWorkday(LocalDate date) => Classify(date).Kind is DayKind.Workday or DayKind.MakeUpWorkday;

    public IEnumerable<string> Problems()
    {
        foreach (var date in _holidays.Keys.Intersect(_makeUpWorkdays.Keys)) yield return $"calendar: {date} is both holiday and workday";
        foreach (var date in _holidays.Keys.Concat(_makeUpWorkdays.Keys).Where(d => !Covers(d)))
            yield return $"calendar: {date} lies outside the covered years";
        foreach (var date in _makeUpWorkdays.Keys.Where(d => d.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)))
            yield return $"calendar: make-up workday {date} is not a weekend day";
    }
}
