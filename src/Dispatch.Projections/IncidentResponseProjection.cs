using Dispatch.Domain.Analytics;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Units;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Dispatch.Projections;

/// <summary>
/// Response times, kept by the async daemon: one document per incident holding its response cycles, since
/// a unit's progress event names the incident but not the cycle; the cycle is the incident's latest.
/// Only payload times (occurredAt), so a rebuild gives exactly the live documents.
/// </summary>
public partial class IncidentResponseProjection : MultiStreamProjection<IncidentResponse, Guid>
{
    public IncidentResponseProjection()
    {
        Identity<IncidentReported>(e => e.IncidentId);
        Identity<IncidentReopened>(e => e.IncidentId);
        Identity<IncidentClosed>(e => e.IncidentId);
        Identity<UnitDispatched>(e => e.IncidentId);
        Identity<UnitAcknowledged>(e => e.IncidentId);
        Identity<UnitEnRoute>(e => e.IncidentId);
        Identity<UnitArrivedOnScene>(e => e.IncidentId);
        Identity<UnitCleared>(e => e.IncidentId);
        Identity<UnitReleased>(e => e.IncidentId);
    }

    public override IncidentResponse? Evolve(IncidentResponse? snapshot, Guid id, IEvent e) => IncidentResponse.Evolve(snapshot, e.Data);
}
