using Dispatch.Domain.Departments;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Dispatch.Projections;

/// <summary>Each department task, kept inline (indexed by incident and department for the shared views).</summary>
public partial class DepartmentTaskStateProjection : SingleStreamProjection<DepartmentTaskState, Guid>
{
    public override DepartmentTaskState? Evolve(DepartmentTaskState? snapshot, Guid id, IEvent e) => DepartmentTaskState.Evolve(snapshot, e.Data);
}
