using Dispatch.Domain.Duty;
using Dispatch.Domain.Inspections;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Dispatch.Domain.RollCalls;
using Dispatch.Domain.Time;
using Marten;
using NodaTime;
using NodaTime.Calendars;

namespace Dispatch.Api.Inspections;

public sealed record DayPatrol(LocalDate Date, int Owed, int Visited, int Missed, double? VisitedShare);

public sealed record RollCallSummary(Guid Id, Instant StartedAt, int Posts, int OnTime, int Late, int NoAnswer);

public sealed record SpotCheckSummary(LocalDate Date, IReadOnlyList<string> Units, IReadOnlyList<string> Points, long Seed,
    IReadOnlyList<Finding> Findings);

/// <summary>The inspection brigade's weekly report (Monday to Sunday, local days): patrol compliance, alerts, roll calls, findings.</summary>
public sealed record WeeklyReport(string Week, LocalDate From, LocalDate To, Instant AsOf, int Owed, int Visited, int Missed, double? VisitedShare,
    int AlertsRaised, int AlertsRetracted, IReadOnlyList<DayPatrol> Days, IReadOnlyList<GridPatrolReport> Grids,
    IReadOnlyList<RollCallSummary> RollCalls, IReadOnlyList<SpotCheckSummary> SpotChecks, IReadOnlyDictionary<string, int> FindingsBySeverity)
{
    public static bool TryParseWeek(string? week, Instant now, out LocalDate monday)
    {
        var rules = WeekYearRules.Iso;
        if (week is null)
        {
            var today = now.InZone(PeakHours.China).Date;
            monday = today.PlusDays(-((int)today.DayOfWeek - 1));
            return true;
        }
        monday = default;
        var parts = week.Split("-W");
        if (parts.Length != 2 || !int.TryParse(parts[0], out var year) || !int.TryParse(parts[1], out var number)) return false;
        if (year is < 2000 or > 2100 || number < 1 || number > rules.GetWeeksInWeekYear(year)) return false;
        monday = rules.GetLocalDate(year, number, IsoDayOfWeek.Monday);
        return true;
    }

    public static async Task<WeeklyReport> BuildAsync(LocalDate monday, IQuerySession session, ReferenceData reference, Instant now,
        CancellationToken cancellation)
    {
        var zone = PeakHours.China;
        var sunday = monday.PlusDays(6);
        var from = zone.AtStartOfDay(monday).ToInstant();
        var to = zone.AtStartOfDay(monday.PlusDays(7)).ToInstant();
        var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        var changes = duty?.Changes ?? [];
        var points = await Patrol.PatrolHistory.LoadAsync(session, reference, from, to, cancellation);

        var week = PatrolCompliance.Compute(reference, reference.Duty, changes, points, from, to, now, zone);
        var days = Enumerable.Range(0, 7).Select(d =>
        {
            var date = monday.PlusDays(d);
            var day = PatrolCompliance.Compute(reference, reference.Duty, changes, points, zone.AtStartOfDay(date).ToInstant(),
                zone.AtStartOfDay(date.PlusDays(1)).ToInstant(), now, zone);
            return new DayPatrol(date, day.Owed, day.Visited, day.Missed, day.VisitedShare);
        }).ToList();
        var alerts = points.Values.SelectMany(p => p.Alerts).Where(a => a.IntervalStart >= from && a.IntervalStart < to).ToList();

        // Roll calls and spot-checks are few (a handful a day); reading them whole keeps the query plain.
        var rollCalls = (await session.Query<RollCallState>().ToListAsync(cancellation))
            .Where(c => c.StartedAt >= from && c.StartedAt < to).OrderBy(c => c.StartedAt)
            .Select(c =>
            {
                var view = Api.RollCalls.RollCallView.From(c, now);
                return new RollCallSummary(c.Id, c.StartedAt, c.Posts.Count, view.OnTime, view.Late, view.NoAnswer);
            }).ToList();
        var spotChecks = new List<SpotCheckSummary>();
        for (var date = monday; date <= sunday; date = date.PlusDays(1))
            if (await session.LoadAsync<InspectionState>(InspectionState.StreamIdFor(date), cancellation) is { } check)
                spotChecks.Add(new SpotCheckSummary(date, check.Units, check.Points, check.Seed, check.Findings));

        var weekName = $"{WeekYearRules.Iso.GetWeekYear(monday)}-W{WeekYearRules.Iso.GetWeekOfWeekYear(monday):00}";
        return new WeeklyReport(weekName, monday, sunday, now, week.Owed, week.Visited, week.Missed, week.VisitedShare,
            alerts.Count, alerts.Count(a => a.RetractedAt is not null), days, week.Grids, rollCalls, spotChecks,
            SpotCheck.Severities.ToDictionary(s => s, s => spotChecks.Sum(c => c.Findings.Count(f => f.Severity == s))));
    }
}
