using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Departments;
using Marten;
using NodaTime;
using Wolverine.Runtime;

namespace Dispatch.Api.Departments;

public sealed record DepartmentTaskNoteRequest(string? Note);

/// <summary>
/// Acknowledge or complete a task, by its own department only. A task of another department and a task that does not
/// exist (or is not on this incident) are the same 403, so a department learns nothing about others' work.
/// </summary>
public static class DepartmentTaskTransition
{
    public static async Task<IResult> Apply(Guid incidentId, Guid taskId, DepartmentTaskNoteRequest? request, HttpContext http,
        IDocumentStore store, IWolverineRuntime wolverine, IClock clock,
        Func<DepartmentTaskState?, string?, string, Instant, Decision> decide, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var note = RequestRules.Text(request?.Note, 1000, "note", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (taskId == Guid.Empty) return AccessProblems.Forbidden();

        await using var write = WriteSession.Open(store, wolverine, http);
        var stream = await write.Session.Events.FetchForWriting<DepartmentTaskState>(taskId, cancellation);
        if (stream.Aggregate is not { } task || task.IncidentId != incidentId || !DepartmentScope.IsOwn(http.User, task.Department))
            return AccessProblems.Forbidden();
        var decision = decide(task, note, write.Caller.Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(task);
        stream.AppendMany(decision.Events.ToArray());
        await write.Session.SaveChangesAsync(cancellation);
        return Results.Ok(decision.Events.Aggregate((DepartmentTaskState?)task, DepartmentTaskState.Evolve));
    }
}
