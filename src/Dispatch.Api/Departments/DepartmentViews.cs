using Dispatch.Domain.Departments;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Plans;
using Dispatch.Projections;
using NodaTime;

namespace Dispatch.Api.Departments;

/// <summary>A task as every department involved sees it.</summary>
public sealed record DepartmentTaskView(Guid TaskId, string Department, string? DepartmentName, string Status, IReadOnlyList<string> Steps,
    string Source, Guid? PlanId, int? PlanVersion, string? Note, Instant AssignedAt, Instant? AcknowledgedAt, string? AcknowledgeNote,
    Instant? CompletedAt, string? CompletionNote)
{
    public static DepartmentTaskView From(DepartmentTaskState t, SamplePlans names) => new(t.Id, t.Department, names.NameOf(t.Department),
        t.Status, t.Steps, t.Source, t.PlanId, t.PlanVersion, t.Note, t.AssignedAt, t.AcknowledgedAt, t.AcknowledgeNote, t.CompletedAt,
        t.CompletionNote);
}

/// <summary>
/// What the departments share about an incident: type, scale, status, where (WGS-84, datum labelled) and when, the attached
/// plan version with its steps, and every department's tasks. Never the caller's name or phone, nor the description
/// (which may name people).
/// </summary>
public sealed record IncidentSharedView(Guid IncidentId, string Type, string Scale, string Status, GeoPoint Location,
    string? Address, Instant ReportedAt, Instant? ClosedAt, SharedPlan? Plan, IReadOnlyList<DepartmentTaskView> Tasks)
{
    public static IncidentSharedView From(IncidentDetails incident, EmergencyPlanVersion? version, IEnumerable<DepartmentTaskState> tasks,
        SamplePlans names) =>
        new(incident.Id, incident.Type, incident.Plan?.Scale ?? PlanScales.Small, incident.Status, incident.Location,
            incident.Address, incident.ReportedAt, incident.ClosedAt,
            version is null ? null : new SharedPlan(version.PlanId, version.Code, version.PlanVersion, version.Content.Title, version.Content.Steps),
            [.. tasks.OrderBy(t => t.AssignedAt).ThenBy(t => t.Department, StringComparer.Ordinal).Select(t => DepartmentTaskView.From(t, names))]);
}

public sealed record SharedPlan(Guid PlanId, string Code, int Version, string Title, IReadOnlyList<string> Steps);

/// <summary>A department's open work: each incident with its open tasks for this department.</summary>
public sealed record DepartmentIncidents(string Department, string? DepartmentName, IReadOnlyList<DepartmentIncident> Incidents);

public sealed record DepartmentIncident(Guid IncidentId, string Type, string Scale, string Status, GeoPoint Location,
    string? Address, Instant ReportedAt, IReadOnlyList<DepartmentTaskView> Tasks);
