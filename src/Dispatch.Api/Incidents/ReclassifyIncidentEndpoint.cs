using Dispatch.Api.Access;
using Dispatch.Api.Departments;
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

namespace Dispatch.Api.Incidents;

/// <summary><c>type</c> optional (keeps the current type); <c>scale</c> small, large or major; <c>reason</c> optional.</summary>
public sealed record ReclassifyIncidentRequest(string? Type, string? Scale, string? Reason);

/// <summary>
/// A dispatcher reclassifies the incident's type and/or scale; the plan current for the type then is attached and recorded
/// on the incident's event, and departments of that version without an open task on the incident get one.
/// </summary>
public static class ReclassifyIncidentEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/incidents/{id}/classification")]
    [ProducesResponseType(typeof(Projections.IncidentDetails), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, ReclassifyIncidentRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var type = request.Type is null ? null : RequestRules.Code(request.Type, "type", errors);
        var scale = Plans.PlanContentRules.OneOf(request.Scale, PlanScales.All, "scale", errors);
        var reason = RequestRules.Text(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty) return Problems.NotFound($"Incident {id}", http);

        var now = clock.GetCurrentInstant();
        await using var write = WriteSession.Open(store, wolverine, http);
        var session = write.Session;
        var incident = await session.Events.FetchForWriting<IncidentState>(id, cancellation);
        if (incident.Aggregate is null) return Problems.NotFound($"Incident {id}", http);
        var plan = await session.LoadAsync<EmergencyPlanState>(EmergencyPlanState.StreamIdFor(type ?? incident.Aggregate.Type), cancellation);
        var decision = IncidentDecider.Reclassify(incident.Aggregate, type, scale!, plan, reason, write.Caller.Actor, now);
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (!decision.IsNoOp)
        {
            incident.AppendMany(decision.Events.ToArray());
            var tasked = (await session.Query<DepartmentTaskState>().Where(t => t.IncidentId == id).ToListAsync(cancellation))
                .Where(t => t.IsOpen).Select(t => t.Department).ToHashSet();
            PlanTasks.Start(session, id, plan, tasked, write.Caller.Actor, now);
            await session.SaveChangesAsync(cancellation);
        }

        await using var query = store.QuerySession();
        var details = await query.LoadAsync<Projections.IncidentDetails>(id, cancellation);
        return Results.Ok(PersonalData.ForReader(details!, http.User));
    }
}
