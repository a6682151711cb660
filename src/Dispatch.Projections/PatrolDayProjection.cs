using Dispatch.Domain.Patrol;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Dispatch.Projections;

/// <summary>Each point's visits and alerts per local day, kept inline: the history behind the compliance views.</summary>
public partial class PatrolDayProjection : MultiStreamProjection<PatrolDay, string>
{
    public PatrolDayProjection()
    {
        Identity<PatrolPointVisited>(e => PatrolDay.IdFor(e.PointId, e.OccurredAt));
        Identity<MissedVisitRaised>(e => PatrolDay.IdFor(e.PointId, e.IntervalStart));
        Identity<MissedVisitRetracted>(e => PatrolDay.IdFor(e.PointId, e.IntervalStart));
    }

    public override PatrolDay? Evolve(PatrolDay? snapshot, string id, IEvent e) => PatrolDay.Evolve(snapshot, id, e.Data);
}
