using Dispatch.Domain.RollCalls;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>Each roll call with its answers, kept inline.</summary>
public partial class RollCallStateProjection : SingleStreamProjection<RollCallState, Guid>
{
    public override RollCallState? Evolve(RollCallState? snapshot, Guid id, IEvent e) => RollCallState.Evolve(snapshot, e.Data);
}
