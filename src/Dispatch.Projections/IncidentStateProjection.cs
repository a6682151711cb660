using Dispatch.Domain.Incidents;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>The incident's write model, kept inline so a decision reads its own writes.</summary>
public partial class IncidentStateProjection : SingleStreamProjection<IncidentState, Guid>
{
    public override IncidentState? Evolve(IncidentState? snapshot, Guid id, IEvent e) => IncidentDecider.Evolve(snapshot, e.Data);
}
