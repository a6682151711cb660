using Dispatch.Domain.Materials;
using Dispatch.Domain.Relief;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>A depot's stock, kept inline: the write model of stock changes and the depot view.</summary>
public partial class DepotStateProjection : SingleStreamProjection<DepotState, Guid>
{
    public override DepotState? Evolve(DepotState? snapshot, Guid id, IEvent e) => DepotState.Evolve(snapshot, e.Data);
}

/// <summary>An allocation of materials to an incident with its lines' progress, kept inline.</summary>
public partial class MaterialAllocationStateProjection : SingleStreamProjection<MaterialAllocationState, Guid>
{
    public override MaterialAllocationState? Evolve(MaterialAllocationState? snapshot, Guid id, IEvent e) =>
        MaterialAllocationState.Evolve(snapshot, e.Data);
}

/// <summary>A relief distribution round, kept inline.</summary>
public partial class ReliefRoundStateProjection : SingleStreamProjection<ReliefRoundState, Guid>
{
    public override ReliefRoundState? Evolve(ReliefRoundState? snapshot, Guid id, IEvent e) => ReliefRoundState.Evolve(snapshot, e.Data);
}

/// <summary>One issue of a round to one recipient, kept inline.</summary>
public partial class ReliefIssueStateProjection : SingleStreamProjection<ReliefIssueState, Guid>
{
    public override ReliefIssueState? Evolve(ReliefIssueState? snapshot, Guid id, IEvent e) => ReliefIssueState.Evolve(snapshot, e.Data);
}
