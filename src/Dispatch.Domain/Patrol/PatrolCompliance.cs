using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using NodaTime;

namespace Dispatch.Domain.Patrol;

public enum IntervalOutcome
{
    /// <summary>A check-in with a device time inside the interval.</summary>
    Visited,
    /// <summary>A missed-visit alert stands for it.</summary>
    Missed,
    /// <summary>Ended and past the grace period, unvisited, and the alert not yet raised (the sweep is due).</summary>
    Overdue,
    /// <summary>Ended unvisited, still within the grace period.</summary>
    InGrace,
    /// <summary>Not over yet and not visited yet.</summary>
    Open,
    /// <summary>Cut short by a level change before it could be owed.</summary>
    NotOwed,
}

public sealed record IntervalReport(Instant Start, Instant End, DutyLevel Level, bool Owed, bool Ended, string Shift, IntervalOutcome Outcome,
    string? VisitedBy, Instant? VisitedAt, bool AlertRetracted);

public sealed record PointReport(string PointId, string Name, IReadOnlyList<int> Grids, int Owed, int Visited, int Missed,
    double? VisitedShare, IReadOnlyList<IntervalReport> Intervals);

public sealed record GridPatrolReport(int Grid, int Owed, int Visited, int Missed, double? VisitedShare);

public sealed record PatrolReport(Instant From, Instant To, Instant AsOf, int Owed, int Visited, int Missed, double? VisitedShare,
    IReadOnlyList<GridPatrolReport> Grids, IReadOnlyList<PointReport> Points);

/// <summary>
/// Whether each must-patrol point was visited once per interval. Intervals count to the range (and shift) they
/// start in; only owed intervals that have ended count in the shares, so an hour still running is not a failure.
/// </summary>
public static class PatrolCompliance
{
    public static PatrolReport Compute(ReferenceData reference, DutyRules rules, IReadOnlyList<LevelChange> changes,
        IReadOnlyDictionary<string, PatrolPointState> points, Instant from, Instant to, Instant now, DateTimeZone zone)
    {
        var intervals = VisitSchedule.Between(changes, rules, from, to).Where(i => i.Start >= from && i.Start < to && i.Start < now).ToList();
        var pointReports = reference.MustPatrolPoints.Select(place =>
        {
            var state = points.GetValueOrDefault(place.Id);
            var rows = intervals.Select(interval => Judge(state, interval, rules, now, zone)).ToList();
            var owed = rows.Count(CountsAsOwed);
            var visited = rows.Count(r => CountsAsOwed(r) && r.Outcome == IntervalOutcome.Visited);
            var missed = rows.Count(r => r.Outcome == IntervalOutcome.Missed);
            return new PointReport(place.Id, place.Name, place.Grids, owed, visited, missed, Share(visited, owed), rows);
        }).ToList();

        var grids = reference.Grids.Select(grid =>
        {
            var mine = pointReports.Where(p => grid.MustPatrolPointIds.Contains(p.PointId)).ToList();
            int owed = mine.Sum(p => p.Owed), visited = mine.Sum(p => p.Visited);
            return new GridPatrolReport(grid.Number, owed, visited, mine.Sum(p => p.Missed), Share(visited, owed));
        }).ToList();

        int totalOwed = pointReports.Sum(p => p.Owed), totalVisited = pointReports.Sum(p => p.Visited);
        return new PatrolReport(from, to, now, totalOwed, totalVisited, pointReports.Sum(p => p.Missed), Share(totalVisited, totalOwed),
            grids, pointReports);
    }

    private static bool CountsAsOwed(IntervalReport row) =>
        row.Owed && row.Ended && row.Outcome is IntervalOutcome.Visited or IntervalOutcome.Missed or IntervalOutcome.Overdue;

    private static double? Share(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private static IntervalReport Judge(PatrolPointState? state, VisitInterval interval, DutyRules rules, Instant now, DateTimeZone zone)
    {
        var visit = state?.FirstVisitIn(interval);
        var alert = state?.AlertFor(interval);
        var outcome = true switch
        {
            _ when visit is not null => IntervalOutcome.Visited,
            _ when alert is { RetractedAt: null } => IntervalOutcome.Missed,
            _ when interval.End > now => IntervalOutcome.Open,
            _ when !interval.Owed => IntervalOutcome.NotOwed,
            _ when interval.End + rules.MissedVisitGrace > now => IntervalOutcome.InGrace,
            _ => IntervalOutcome.Overdue,
        };
        return new IntervalReport(interval.Start, interval.End, interval.Level, interval.Owed, interval.End <= now,
            Shifts.Of(interval.Start, rules.Shifts, zone).Key, outcome, visit?.CallSign, visit?.DeviceTime, alert?.RetractedAt is not null);
    }
}
