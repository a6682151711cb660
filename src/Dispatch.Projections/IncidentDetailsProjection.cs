using Dispatch.Domain.Incidents;
using Dispatch.Domain.Units;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Dispatch.Projections;

/// <summary>
/// Joins the incident's own stream with the progress its units report on their streams; every event
/// names the incident, so grouping is by that id.
/// </summary>
public partial class IncidentDetailsProjection : MultiStreamProjection<IncidentDetails, Guid>
{
    public IncidentDetailsProjection()
    {
        Identity<IncidentReported>(e => e.IncidentId);
        Identity<UnitDispatched>(e => e.IncidentId);
        Identity<NoUnitAvailable>(e => e.IncidentId);
        Identity<UnitEnRoute>(e => e.IncidentId);
        Identity<UnitArrivedOnScene>(e => e.IncidentId);
        Identity<UnitCleared>(e => e.IncidentId);
        Identity<UnitAcknowledged>(e => e.IncidentId);
        Identity<UnitReleased>(e => e.IncidentId);
        Identity<ResponderWithdrawn>(e => e.IncidentId);
        Identity<IncidentClosed>(e => e.IncidentId);
        Identity<IncidentReopened>(e => e.IncidentId);
        Identity<IncidentReclassified>(e => e.IncidentId);
    }

    // Only payload data, never the event's sequence or timestamp: inline, the sequence is not yet
    // known, and a rebuild must give exactly what the live view showed.
    public override IncidentDetails? Evolve(IncidentDetails? snapshot, Guid id, IEvent e) => e.Data switch
        {
            IncidentReported r => new IncidentDetails(r.IncidentId, r.Type, r.Priority, r.Location, r.Address,
                r.Description, r.Zone, r.Actor, r.OccurredAt, "awaiting-unit", [], [], r.GivenLocation,
                UnitsRequested: r.UnitsRequested, Caller: r.Caller, Plan: r.Plan, Elderly: r.Elderly),
            IncidentReclassified c when snapshot is not null => snapshot with { Type = c.Type, Plan = c.Plan },
            UnitDispatched d when snapshot is not null => snapshot with
            {
                Status = "dispatched",
                Decisions = [.. snapshot.Decisions, d.Decision],
                Responders = [.. snapshot.Responders, new Responder(d.UnitId, d.CallSign, d.Decision.DecisionId,
                    d.Decision.EtaSeconds ?? 0, d.OccurredAt, null, null, null, "assigned",
                    ResponseCycle: snapshot.ResponseCycle, DispatchMode: d.Decision.Mode)],
            },
            NoUnitAvailable n when snapshot is not null => snapshot with
            {
                Status = "awaiting-unit", Decisions = [.. snapshot.Decisions, n.Decision],
            },
            UnitAcknowledged u when snapshot is not null => WithResponder(snapshot, u.UnitId, r => r with { AcknowledgedAt = u.OccurredAt, Status = "acknowledged" }),
            UnitReleased u when snapshot is not null => WithResponder(snapshot, u.UnitId, r => r with
            {
                ReleasedAt = u.OccurredAt, ReleaseReason = u.Reason, Status = u.How,
            }),
            IncidentClosed c when snapshot is not null => snapshot with { Status = "closed", ClosedAt = c.OccurredAt, ClosedReason = c.Reason },
            IncidentReopened o when snapshot is not null => snapshot with
            {
                Status = "awaiting-unit", ResponseCycle = o.ResponseCycle, ClosedAt = null, ClosedReason = null,
            },
            UnitEnRoute u when snapshot is not null => WithResponder(snapshot, u.UnitId, r => r with { EnRouteAt = u.OccurredAt, Status = "en-route" }),
            UnitArrivedOnScene u when snapshot is not null => WithResponder(snapshot, u.UnitId, r => r with { OnSceneAt = u.OccurredAt, Status = "on-scene" }),
            UnitCleared u when snapshot is not null => WithResponder(snapshot, u.UnitId, r => r with { ClearedAt = u.OccurredAt, Status = "cleared" }),
            _ => snapshot,
        };

    private static IncidentDetails WithResponder(IncidentDetails details, Guid unitId, Func<Responder, Responder> change)
    {
        var responders = details.Responders.Select(r => r.UnitId == unitId && r.IsActive ? change(r) : r).ToList();
        if (details.Status == "closed") return details with { Responders = responders };
        var active = responders.Where(r => r.IsActive).ToList();
        var status = active.Any(r => r.OnSceneAt is not null) ? "on-scene"
            : active.Any(r => r.EnRouteAt is not null) ? "en-route"
            : active.Count > 0 ? "dispatched"
            : responders.Any(r => r.ClearedAt is not null && r.ResponseCycle == details.ResponseCycle) ? "cleared"
            : "awaiting-unit";
        return details with { Responders = responders, Status = status };
    }
}
