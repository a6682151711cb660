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

/// <param name="Kind">point (必巡点) or line (必巡线).</param>
public sealed record PointReport(string PointId, string Kind, string Name, IReadOnlyList<int> Grids, int Owed, int Visited, int Missed,
    double? VisitedShare, IReadOnlyList<IntervalReport> Intervals);

public sealed record GridPatrolReport(int Grid, int Owed, int Visited, int Missed, double? VisitedShare, int LinesOwed, int LinesVisited,
    double? LinesVisitedShare);

public sealed record LineTotals(int Owed, int Visited, int Missed, double? VisitedShare);

/// <summary>The county totals are the must-patrol points' (the plan's visit rule); the lines have theirs in <see cref="LineTotals"/>.</summary>
public sealed record PatrolReport(Instant From, Instant To, Instant AsOf, int Owed, int Visited, int Missed, double? VisitedShare,
    LineTotals Lines, IReadOnlyList<GridPatrolReport> Grids, IReadOnlyList<PointReport> Points, IReadOnlyList<PointReport> LineTargets);

/// <summary>
/// Whether each must-patrol point and line was visited once per interval. Intervals count to the range (and shift) they
/// start in; only owed intervals that have ended count in the shares, so an hour still running is not a failure.
/// </summary>
public static class PatrolCompliance
{
    public static PatrolReport Compute(ReferenceData reference, DutyRules rules, IReadOnlyList<LevelChange> changes,
        IReadOnlyDictionary<string, PatrolPointState> points, Instant from, Instant to, Instant now, DateTimeZone zone)
    {
        var intervals = VisitSchedule.Between(changes, rules, from, to).Where(i => i.Start >= from && i.Start < to && i.Start < now).ToList();
        PointReport Report(string id, string kind, string name, IReadOnlyList<int> grids)
        {
            var state = points.GetValueOrDefault(id);
            var rows = intervals.Select(interval => Judge(state, interval, rules, now, zone)).ToList();
            var owed = rows.Count(CountsAsOwed);
            var visited = rows.Count(r => CountsAsOwed(r) && r.Outcome == IntervalOutcome.Visited);
            return new PointReport(id, kind, name, grids, owed, visited, rows.Count(r => r.Outcome == IntervalOutcome.Missed),
                Share(visited, owed), rows);
        }
        var pointReports = reference.MustPatrolPoints.Select(place => Report(place.Id, "point", place.Name, place.Grids)).ToList();
        var lineReports = reference.MustPatrolLines.Select(line => Report(line.Id, "line", line.Name, [line.Grid])).ToList();

        var grids = reference.Grids.Select(grid =>
        {
            var mine = pointReports.Where(p => grid.MustPatrolPointIds.Contains(p.PointId)).ToList();
            var lines = lineReports.Where(l => l.Grids.Contains(grid.Number)).ToList();
            int owed = mine.Sum(p => p.Owed), visited = mine.Sum(p => p.Visited);
            int linesOwed = lines.Sum(l => l.Owed), linesVisited = lines.Sum(l => l.Visited);
            return new GridPatrolReport(grid.Number, owed, visited, mine.Sum(p => p.Missed), Share(visited, owed), linesOwed, linesVisited,
                Share(linesVisited, linesOwed));
        }).ToList();

        int totalOwed = pointReports.Sum(p => p.Owed), totalVisited = pointReports.Sum(p => p.Visited);
        int lineOwed = lineReports.Sum(l => l.Owed), lineVisited = lineReports.Sum(l => l.Visited);
        return new PatrolReport(from, to, now, totalOwed, totalVisited, pointReports.Sum(p => p.Missed), Share(totalVisited, totalOwed),
            new LineTotals(lineOwed, lineVisited, lineReports.Sum(l => l.Missed), Share(lineVisited, lineOwed)), grids, pointReports, lineReports);
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
