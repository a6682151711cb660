using Dispatch.Domain.Plans;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>Each emergency plan's current version, version history and feedback, kept inline.</summary>
public partial class EmergencyPlanStateProjection : SingleStreamProjection<EmergencyPlanState, Guid>
{
    public override EmergencyPlanState? Evolve(EmergencyPlanState? snapshot, Guid id, IEvent e) => EmergencyPlanState.Evolve(snapshot, e.Data);
}
