using Dispatch.Domain.Inspections;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>Each day's spot-check and its findings, kept inline.</summary>
public partial class InspectionStateProjection : SingleStreamProjection<InspectionState, Guid>
{
    public override InspectionState? Evolve(InspectionState? snapshot, Guid id, IEvent e) => InspectionState.Evolve(snapshot, e.Data);
}
