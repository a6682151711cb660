using Dispatch.Domain.Duty;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using NodaTime;

namespace Dispatch.Domain.Analytics;

/// <summary>One unit's part in one response cycle, each time from the business time of its own event.</summary>
public sealed record UnitResponse(Guid UnitId, string CallSign, Instant DispatchedAt, Instant? AcknowledgedAt = null,
    Instant? EnRouteAt = null, Instant? OnSceneAt = null, Instant? ClearedAt = null, Instant? ReleasedAt = null)
{
    public bool IsActive => ClearedAt is null && ReleasedAt is null;
}

/// <summary>
/// One response cycle of an incident: from the report (cycle 1) or the reopening (later cycles) to its
/// close, with the duty level in force when it began as recorded on that event (null on older events).
/// </summary>
public sealed record ResponseCycle(int Cycle, Instant ReportedAt, DutyLevel? DutyLevel, IReadOnlyList<UnitResponse> Units,
    Instant? ClosedAt = null)
{
    public Instant? FirstDispatchedAt => Earliest(u => u.DispatchedAt);
    public Instant? FirstAcknowledgedAt => Earliest(u => u.AcknowledgedAt);
    public Instant? FirstEnRouteAt => Earliest(u => u.EnRouteAt);
    public Instant? FirstArrivalAt => Earliest(u => u.OnSceneAt);

    /// <summary>The last unit's clearing, once no unit is left on the cycle and at least one cleared.</summary>
    public Instant? ClearedAt => Units.Any(u => u.IsActive) ? null : Latest(u => u.ClearedAt);

    public bool IsOpen => ClosedAt is null && ClearedAt is null;

    private Instant? Earliest(Func<UnitResponse, Instant?> time) => Units.Select(time).Where(t => t is not null).Min();
    private Instant? Latest(Func<UnitResponse, Instant?> time) => Units.Select(time).Where(t => t is not null).Max();
}

/// <summary>An incident's response cycles, kept by an asynchronous projection from event payloads only.</summary>
public sealed record IncidentResponse(Guid Id, string Type, ZoneClassification Zone, IReadOnlyList<ResponseCycle> Cycles)
{
    // For the database query only (whole seconds compare as numbers there); the figures use the instants.
    /// <summary>True while the latest cycle is open.</summary>
    public bool Open { get; init; }
    public long FirstReportedUnixSeconds { get; init; }
    public long LastReportedUnixSeconds { get; init; }

    public static IncidentResponse? Evolve(IncidentResponse? state, object @event) => @event switch
    {
        IncidentReported r => Refresh(new IncidentResponse(r.IncidentId, r.Type, r.Zone,
            [new ResponseCycle(1, r.OccurredAt, r.DutyLevel, [])])),
        IncidentReopened o when state is not null => Refresh(state with
        {
            Cycles = [.. state.Cycles, new ResponseCycle(o.ResponseCycle, o.OccurredAt, o.DutyLevel, [])],
        }),
        IncidentClosed c when state is not null => WithCurrent(state, cycle => cycle with { ClosedAt = c.OccurredAt }),
        UnitDispatched d when state is not null => WithCurrent(state, cycle => cycle with
        {
            Units = [.. cycle.Units, new UnitResponse(d.UnitId, d.CallSign, d.OccurredAt)],
        }),
        UnitAcknowledged u when state is not null => WithUnit(state, u.UnitId, r => r with { AcknowledgedAt = u.OccurredAt }),
        UnitEnRoute u when state is not null => WithUnit(state, u.UnitId, r => r with { EnRouteAt = u.OccurredAt }),
        UnitArrivedOnScene u when state is not null => WithUnit(state, u.UnitId, r => r with { OnSceneAt = u.OccurredAt }),
        UnitCleared u when state is not null => WithUnit(state, u.UnitId, r => r with { ClearedAt = u.OccurredAt }),
        UnitReleased u when state is not null => WithUnit(state, u.UnitId, r => r with { ReleasedAt = u.OccurredAt }),
        _ => state,
    };

    private static IncidentResponse WithCurrent(IncidentResponse state, Func<ResponseCycle, ResponseCycle> change) =>
        Refresh(state with { Cycles = [.. state.Cycles.Take(state.Cycles.Count - 1), change(state.Cycles[^1])] });

    // A unit event belongs to the unit's active response, which is always in the latest cycle: closing releases every unit.
    private static IncidentResponse WithUnit(IncidentResponse state, Guid unitId, Func<UnitResponse, UnitResponse> change) =>
        WithCurrent(state, cycle => cycle with
        {
            Units = cycle.Units.Select(u => u.UnitId == unitId && u.IsActive ? change(u) : u).ToList(),
        });

    private static IncidentResponse Refresh(IncidentResponse state) => state with
    {
        Open = state.Cycles[^1].IsOpen,
        FirstReportedUnixSeconds = state.Cycles[0].ReportedAt.ToUnixTimeSeconds(),
        LastReportedUnixSeconds = state.Cycles[^1].ReportedAt.ToUnixTimeSeconds(),
    };
}
