using Dispatch.Domain.Duty;
using NodaTime;

namespace Dispatch.Domain.Analytics;

public enum ResponseGrouping
{
    Grid,
    Zone,
    Type,
    Unit,
    DutyLevel,
    Shift,
    Day,
}

/// <summary>The seven phases of one response, in seconds; null where an end was never reached.</summary>
public sealed record Durations(double? CallProcessing, double? Acknowledgement, double? Turnout, double? Travel,
    double? TotalResponse, double? OnScene, double? ToClear);

/// <summary>One measured response (a cycle, or one unit's part in it) with every attribute it can be grouped by.</summary>
public sealed record ResponseSample(Guid IncidentId, int Cycle, string Type, string Zone, int TargetSeconds, string DutyLevel,
    string Grid, string Shift, LocalDate Day, Guid? UnitId, string? CallSign, Instant ReportedAt, Durations Durations);

public sealed record PhaseTable(PhaseFigures CallProcessing, PhaseFigures Acknowledgement, PhaseFigures Turnout,
    PhaseFigures Travel, PhaseFigures TotalResponse, PhaseFigures OnScene, PhaseFigures ToClear);

/// <summary>Of the responses that arrived, how many did within their zone's target (total response ≤ target).</summary>
public sealed record TargetFigures(int Arrived, int WithinTarget, double? Share);

/// <summary>签收 (acknowledgement), 出警 (turnout: dispatched to en route) and 到场 (total response: reported to arrival).</summary>
public sealed record BucketTables(IReadOnlyList<Bucket> Acknowledgement, IReadOnlyList<Bucket> Turnout, IReadOnlyList<Bucket> Arrival);

public sealed record ResponseGroup(string Key, int Responses, int? TargetSeconds, PhaseTable Phases, TargetFigures Target,
    BucketTables Buckets);

/// <summary>A unit ranked by the P90 of its total responses (reported to its own arrival).</summary>
public sealed record SlowUnit(Guid UnitId, string CallSign, int Arrivals, double P90TotalResponseSeconds, double P50TotalResponseSeconds);

/// <summary>A response cycle neither cleared nor closed; its age runs from its report (or reopening) to now.</summary>
public sealed record OpenIncident(Guid IncidentId, int Cycle, string Type, string Zone, string Stage, Instant ReportedAt,
    double AgeSeconds, IReadOnlyList<string> Units);

public sealed record ResponseTimesReport(string By, Instant From, Instant To, Instant AsOf, string PercentileMethod,
    ResponseGroup All, IReadOnlyList<ResponseGroup> Groups, IReadOnlyList<SlowUnit> SlowestUnits,
    IReadOnlyList<OpenIncident> OpenIncidents);

/// <summary>
/// Response-time figures from the incidents' response cycles: every percentile from the raw samples of
/// the whole range (never from daily figures). Cycles count by the time they were reported (or reopened).
/// </summary>
public static class ResponseTimes
{
    public const string PercentileMethod = "nearest-rank";
    public const string NoGrid = "none";
    public const string Unrecorded = "unrecorded";
    public const int SlowestUnitsShown = 5;

    public static ResponseTimesReport Compute(IEnumerable<IncidentResponse> incidents, ResponseGrouping by, Instant from, Instant to,
        Func<Guid, int?> gridOfUnit, IReadOnlyList<Shift> shifts, DateTimeZone zone, Instant now)
    {
        var all = incidents.ToList();
        var cycles = CycleSamples(all, gridOfUnit, shifts, zone).Where(s => s.ReportedAt >= from && s.ReportedAt < to).ToList();
        var units = UnitSamples(all, gridOfUnit, shifts, zone).Where(s => s.ReportedAt >= from && s.ReportedAt < to).ToList();
        var grouped = by == ResponseGrouping.Unit ? units : cycles;
        var groups = grouped.GroupBy(s => KeyOf(s, by))
            .Select(g => Group(g.Key, g.ToList()))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return new ResponseTimesReport(Name(by), from, to, now, PercentileMethod, Group("all", cycles), groups,
            Slowest(units), Open(all, now));
    }

    public static string Name(ResponseGrouping by) => by switch
    {
        ResponseGrouping.DutyLevel => "duty-level",
        _ => by.ToString().ToLowerInvariant(),
    };

    /// <summary>One sample per cycle: call processing, acknowledgement, turnout from the first dispatch; travel from the first unit en route to the first arrival.</summary>
    public static IEnumerable<ResponseSample> CycleSamples(IEnumerable<IncidentResponse> incidents, Func<Guid, int?> gridOfUnit,
        IReadOnlyList<Shift> shifts, DateTimeZone zone) =>
        incidents.SelectMany(i => i.Cycles.Select(c => Sample(i, c, null, gridOfUnit, shifts, zone, new Durations(
            ResponseStatistics.Seconds(c.ReportedAt, c.FirstDispatchedAt),
            ResponseStatistics.Seconds(c.FirstDispatchedAt, c.FirstAcknowledgedAt),
            ResponseStatistics.Seconds(c.FirstDispatchedAt, c.FirstEnRouteAt),
            ResponseStatistics.Seconds(c.FirstEnRouteAt, c.FirstArrivalAt),
            ResponseStatistics.Seconds(c.ReportedAt, c.FirstArrivalAt),
            ResponseStatistics.Seconds(c.FirstArrivalAt, c.ClearedAt),
            ResponseStatistics.Seconds(c.ReportedAt, c.ClearedAt)))));

    /// <summary>One sample per unit sent: its phases from its own dispatch; total response from the cycle's report to its own arrival.</summary>
    public static IEnumerable<ResponseSample> UnitSamples(IEnumerable<IncidentResponse> incidents, Func<Guid, int?> gridOfUnit,
        IReadOnlyList<Shift> shifts, DateTimeZone zone) =>
        incidents.SelectMany(i => i.Cycles.SelectMany(c => c.Units.Select(u => Sample(i, c, u, gridOfUnit, shifts, zone, new Durations(
            ResponseStatistics.Seconds(c.ReportedAt, u.DispatchedAt),
            ResponseStatistics.Seconds(u.DispatchedAt, u.AcknowledgedAt),
            ResponseStatistics.Seconds(u.DispatchedAt, u.EnRouteAt),
            ResponseStatistics.Seconds(u.EnRouteAt, u.OnSceneAt),
            ResponseStatistics.Seconds(c.ReportedAt, u.OnSceneAt),
            ResponseStatistics.Seconds(u.OnSceneAt, u.ClearedAt),
            ResponseStatistics.Seconds(c.ReportedAt, u.ClearedAt))))));

    private static ResponseSample Sample(IncidentResponse incident, ResponseCycle cycle, UnitResponse? unit, Func<Guid, int?> gridOfUnit,
        IReadOnlyList<Shift> shifts, DateTimeZone zone, Durations durations)
    {
        // The grid answering for a cycle is the home grid of the first unit sent to it.
        var first = cycle.Units.OrderBy(u => u.DispatchedAt).FirstOrDefault();
        var grid = first is null ? null : gridOfUnit(first.UnitId);
        var shift = Shifts.Of(cycle.ReportedAt, shifts, zone);
        return new ResponseSample(incident.Id, cycle.Cycle, incident.Type, incident.Zone.Zone, incident.Zone.TargetSeconds,
            DutyLevelName(cycle.DutyLevel), grid?.ToString() ?? NoGrid, shift.Name, shift.StartedOn, unit?.UnitId, unit?.CallSign,
            cycle.ReportedAt, durations);
    }

    private static string KeyOf(ResponseSample s, ResponseGrouping by) => by switch
    {
        ResponseGrouping.Grid => s.Grid,
        ResponseGrouping.Zone => s.Zone,
        ResponseGrouping.Type => s.Type,
        ResponseGrouping.Unit => s.CallSign ?? NoGrid,
        ResponseGrouping.DutyLevel => s.DutyLevel,
        ResponseGrouping.Shift => s.Shift,
        ResponseGrouping.Day => s.Day.ToString("yyyy-MM-dd", null),
        _ => throw new ArgumentOutOfRangeException(nameof(by)),
    };

    public static ResponseGroup Group(string key, IReadOnlyList<ResponseSample> samples)
    {
        List<double> Of(Func<Durations, double?> phase) => samples.Select(s => phase(s.Durations)).OfType<double>().ToList();
        var arrived = samples.Where(s => s.Durations.TotalResponse is not null).ToList();
        var within = arrived.Count(s => s.Durations.TotalResponse <= s.TargetSeconds);
        var targets = samples.Select(s => s.TargetSeconds).Distinct().ToList();
        return new ResponseGroup(key, samples.Count, targets.Count == 1 ? targets[0] : null,
            new PhaseTable(
                ResponseStatistics.Figures(Of(d => d.CallProcessing)), ResponseStatistics.Figures(Of(d => d.Acknowledgement)),
                ResponseStatistics.Figures(Of(d => d.Turnout)), ResponseStatistics.Figures(Of(d => d.Travel)),
                ResponseStatistics.Figures(Of(d => d.TotalResponse)), ResponseStatistics.Figures(Of(d => d.OnScene)),
                ResponseStatistics.Figures(Of(d => d.ToClear))),
            new TargetFigures(arrived.Count, within, arrived.Count == 0 ? null : (double)within / arrived.Count),
            new BucketTables(ResponseStatistics.AcknowledgementBuckets(Of(d => d.Acknowledgement)),
                ResponseStatistics.MinuteBuckets(Of(d => d.Turnout)), ResponseStatistics.MinuteBuckets(Of(d => d.TotalResponse))));
    }

    private static IReadOnlyList<SlowUnit> Slowest(IEnumerable<ResponseSample> units) =>
        units.Where(s => s.Durations.TotalResponse is not null)
            .GroupBy(s => (s.UnitId!.Value, s.CallSign!))
            .Select(g =>
            {
                var totals = g.Select(s => s.Durations.TotalResponse!.Value).ToList();
                return new SlowUnit(g.Key.Item1, g.Key.Item2, totals.Count, ResponseStatistics.Percentile(totals, 90)!.Value,
                    ResponseStatistics.Percentile(totals, 50)!.Value);
            })
            .OrderByDescending(u => u.P90TotalResponseSeconds).ThenBy(u => u.CallSign, StringComparer.Ordinal)
            .Take(SlowestUnitsShown)
            .ToList();

    private static IReadOnlyList<OpenIncident> Open(IEnumerable<IncidentResponse> incidents, Instant now) =>
        incidents.SelectMany(i => i.Cycles.Where(c => c.IsOpen).Select(c => new OpenIncident(i.Id, c.Cycle, i.Type, i.Zone.Zone,
                Stage(c), c.ReportedAt, (now - c.ReportedAt).TotalSeconds,
                c.Units.Where(u => u.IsActive).Select(u => u.CallSign).ToList())))
            .OrderBy(o => o.ReportedAt).ThenBy(o => o.IncidentId)
            .ToList();

    private static string Stage(ResponseCycle cycle)
    {
        var active = cycle.Units.Where(u => u.IsActive).ToList();
        return active.Any(u => u.OnSceneAt is not null) ? "on-scene"
            : active.Any(u => u.EnRouteAt is not null) ? "en-route"
            : active.Any(u => u.AcknowledgedAt is not null) ? "acknowledged"
            : active.Count > 0 ? "dispatched"
            : "awaiting-unit";
    }

    public static string DutyLevelName(DutyLevel? level) => level switch
    {
        null => Unrecorded,
        DutyLevel.Normal => "normal",
        DutyLevel.Level3 => "level-3",
        DutyLevel.Level2 => "level-2",
        DutyLevel.Level1 => "level-1",
        _ => level.ToString()!,
    };
}
