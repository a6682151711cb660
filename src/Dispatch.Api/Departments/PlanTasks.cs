using Dispatch.Domain.Departments;
using Dispatch.Domain.Plans;
using Marten;
using NodaTime;

namespace Dispatch.Api.Departments;

/// <summary>The tasks a plan version gives the departments it involves: one per department, with that department's steps.</summary>
public static class PlanTasks
{
    /// <summary>
    /// Starts a task stream for each department of <paramref name="plan"/>'s current version that has no open task on the
    /// incident yet (<paramref name="alreadyTasked"/>), in the caller's session, so they commit with the incident's event.
    /// </summary>
    public static IReadOnlyList<DepartmentTaskAssigned> Start(IDocumentSession session, Guid incidentId, EmergencyPlanState? plan,
        IReadOnlySet<string> alreadyTasked, string actor, Instant now)
    {
        if (plan is null) return [];
        var started = new List<DepartmentTaskAssigned>();
        foreach (var duty in plan.Current.Departments.Where(d => !alreadyTasked.Contains(d.Department)))
        {
            var task = new DepartmentTaskAssigned(Guid.CreateVersion7(now.ToDateTimeOffset()), incidentId, duty.Department, duty.Steps,
                DepartmentTaskSources.Plan, plan.Id, plan.CurrentVersion, null, actor, now);
            session.Events.StartStream<DepartmentTaskState>(task.TaskId, task);
            started.Add(task);
        }
        return started;
    }
}
