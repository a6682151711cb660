using Dispatch.Domain.Units;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>The unit's write model, kept inline; it doubles as the unit board.</summary>
public partial class UnitStateProjection : SingleStreamProjection<UnitState, Guid>
{
    public override UnitState? Evolve(UnitState? snapshot, Guid id, IEvent e) => UnitDecider.Evolve(snapshot, e.Data);
}
