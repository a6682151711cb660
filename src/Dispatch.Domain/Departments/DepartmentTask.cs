using NodaTime;

namespace Dispatch.Domain.Departments;

/// <summary>
/// A department (fire, health, civil-affairs, traffic, township-...) was tasked on an incident. <see cref="Source"/>:
/// <c>plan</c> (from the attached plan version <see cref="PlanId"/>/<see cref="PlanVersion"/>, whose steps for this department
/// are <see cref="Steps"/>) or <c>dispatcher</c> (a dispatcher's own task).
/// </summary>
public sealed record DepartmentTaskAssigned(Guid TaskId, Guid IncidentId, string Department, IReadOnlyList<string> Steps, string Source,
    Guid? PlanId, int? PlanVersion, string? Note, string Actor, Instant OccurredAt) : IDispatchEvent;

public sealed record DepartmentTaskAcknowledged(Guid TaskId, Guid IncidentId, string Department, string? Note, string Actor,
    Instant OccurredAt) : IDispatchEvent;

public sealed record DepartmentTaskCompleted(Guid TaskId, Guid IncidentId, string Department, string? Note, string Actor,
    Instant OccurredAt) : IDispatchEvent;

public static class DepartmentTaskSources
{
    public const string Plan = "plan";
    public const string Dispatcher = "dispatcher";
}

public static class DepartmentTaskStatuses
{
    public const string Assigned = "assigned";
    public const string Acknowledged = "acknowledged";
    public const string Completed = "completed";
}

/// <summary>One task's write model and view; kept inline, indexed by incident and by department.</summary>
public sealed record DepartmentTaskState(Guid Id, Guid IncidentId, string Department, IReadOnlyList<string> Steps, string Source,
    Guid? PlanId, int? PlanVersion, string? Note, string Status, string AssignedBy, Instant AssignedAt,
    string? AcknowledgedBy = null, Instant? AcknowledgedAt = null, string? AcknowledgeNote = null,
    string? CompletedBy = null, Instant? CompletedAt = null, string? CompletionNote = null)
{
    public bool IsOpen => Status != DepartmentTaskStatuses.Completed;

    public static DepartmentTaskState? Evolve(DepartmentTaskState? state, object @event) => @event switch
    {
        DepartmentTaskAssigned e => new DepartmentTaskState(e.TaskId, e.IncidentId, e.Department, e.Steps, e.Source, e.PlanId,
            e.PlanVersion, e.Note, DepartmentTaskStatuses.Assigned, e.Actor, e.OccurredAt),
        DepartmentTaskAcknowledged e when state is not null => state with
        {
            Status = DepartmentTaskStatuses.Acknowledged, AcknowledgedBy = e.Actor, AcknowledgedAt = e.OccurredAt, AcknowledgeNote = e.Note,
        },
        DepartmentTaskCompleted e when state is not null => state with
        {
            Status = DepartmentTaskStatuses.Completed, CompletedBy = e.Actor, CompletedAt = e.OccurredAt, CompletionNote = e.Note,
        },
        _ => state,
    };
}

public static class DepartmentTaskDecider
{
    /// <summary>签收: only an assigned task; acknowledging it again is a no-op, a completed one a conflict.</summary>
    public static Decision Acknowledge(DepartmentTaskState? task, string? note, string actor, Instant now) => task switch
    {
        null => Decision.Reject(RejectionKind.NotFound, "task-not-found", "No such task."),
        { Status: DepartmentTaskStatuses.Acknowledged } => Decision.NoOp,
        { Status: DepartmentTaskStatuses.Completed } => Decision.Reject(RejectionKind.Conflict, "task-completed",
            $"The task was completed at {task.CompletedAt}; it cannot be acknowledged again."),
        _ => Decision.Accept(new DepartmentTaskAcknowledged(task.Id, task.IncidentId, task.Department, note, actor, now)),
    };

    /// <summary>Only an acknowledged task completes: the command centre knows who took it on before it is done.</summary>
    public static Decision Complete(DepartmentTaskState? task, string? note, string actor, Instant now) => task switch
    {
        null => Decision.Reject(RejectionKind.NotFound, "task-not-found", "No such task."),
        { Status: DepartmentTaskStatuses.Completed } => Decision.NoOp,
        { Status: DepartmentTaskStatuses.Assigned } => Decision.Reject(RejectionKind.Conflict, "task-not-acknowledged",
            "The task has not been acknowledged; acknowledge it first."),
        _ => Decision.Accept(new DepartmentTaskCompleted(task.Id, task.IncidentId, task.Department, note, actor, now)),
    };
}
