using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Departments;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Plans;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Departments;

public sealed record AssignDepartmentTaskRequest(string? Department, List<string?>? Steps, string? Note);

/// <summary>A dispatcher tasks a department on an incident beyond what the plan asked (联动: joint operations).</summary>
public static class AssignDepartmentTaskEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/incidents/{id}/department-tasks")]
    [ProducesResponseType(typeof(DepartmentTaskState), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, AssignDepartmentTaskRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var department = RequestRules.Code(request.Department, "department", errors);
        var steps = request.Steps is not { Count: > 0 and <= 30 }
            ? null
            : request.Steps.Select((s, i) => RequestRules.Required(s, 1000, $"steps[{i}]", errors)).ToList();
        if (request.Steps is not { Count: > 0 and <= 30 }) errors["steps"] = ["needs 1 to 30 steps"];
        var note = RequestRules.Text(request.Note, 1000, "note", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (!DepartmentCodes.IsValid(department))
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.RuleViolation, "unknown-department",
                $"'{department}' is not a department: one of {string.Join(", ", DepartmentCodes.County)} or township-<name>."), http);
        if (id == Guid.Empty) return Problems.NotFound($"Incident {id}", http);

        var now = clock.GetCurrentInstant();
        await using var write = WriteSession.Open(store, wolverine, http);
        var incident = await write.Session.LoadAsync<IncidentState>(id, cancellation);
        if (incident is null) return Problems.NotFound($"Incident {id}", http);
        if (incident.Status == IncidentStatus.Closed)
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.Conflict, "incident-closed",
                $"Incident {id} is closed; reopen it first."), http);
        var task = new DepartmentTaskAssigned(Guid.CreateVersion7(now.ToDateTimeOffset()), id, department!, [.. steps!.Select(s => s!)],
            DepartmentTaskSources.Dispatcher, null, null, note, write.Caller.Actor, now);
        write.Session.Events.StartStream<DepartmentTaskState>(task.TaskId, task);
        await write.Session.SaveChangesAsync(cancellation);
        return Results.Created($"/incidents/{id}/departments", DepartmentTaskState.Evolve(null, task));
    }
}
