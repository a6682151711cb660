using Dispatch.Domain.Patrol;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>Each must-patrol point's visits (device-time order) and alerts, kept inline.</summary>
public partial class PatrolPointStateProjection : SingleStreamProjection<PatrolPointState, Guid>
{
    public override PatrolPointState? Evolve(PatrolPointState? snapshot, Guid id, IEvent e) => PatrolPointState.Evolve(snapshot, e.Data);
}
