using Dispatch.Domain.Duty;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>The county duty stream's state, kept inline: the level history and designated peak-duty periods.</summary>
public partial class CountyDutyStateProjection : SingleStreamProjection<CountyDutyState, Guid>
{
    public override CountyDutyState? Evolve(CountyDutyState? snapshot, Guid id, IEvent e) => CountyDutyState.Evolve(snapshot, e.Data);
}
