using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Incidents;

/// <summary>
/// A dispatcher takes a unit off an incident it has not finished (typically en route). The unit is
/// available again; the incident, with no unit left, waits for another one, never this one again in
/// this response cycle.
/// </summary>
public static class CancelAssignmentEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/incidents/{id}/units/{unitId}/cancel")]
    [ProducesResponseType(typeof(Projections.IncidentDetails), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, Guid unitId, IncidentActionRequest? request, HttpContext http,
        IDocumentStore store, IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var reason = RequestRules.Required(request.Reason, 500, "reason", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (id == Guid.Empty || unitId == Guid.Empty) return Problems.NotFound("That incident or unit", http);

        var caller = http.Caller();
        var now = clock.GetCurrentInstant();
        await using var write = WriteSession.Open(store, wolverine, http);
        var (session, outbox) = (write.Session, write.Outbox);
        var incident = await session.Events.FetchForWriting<IncidentState>(id, cancellation);
        if (incident.Aggregate is null) return Problems.NotFound($"Incident {id}", http);
        var unit = await session.Events.FetchForWriting<UnitState>(unitId, cancellation);

        var released = UnitDecider.Cancel(unit.Aggregate, id, reason!, caller.Actor, now);
        if (released.Rejection is { } rejection) return Problems.From(rejection, http);
        var others = (await IncidentResponders.OnIncident(session, incident.Aggregate, cancellation)).Count(u => u.Id != unitId);
        var withdrawn = IncidentDecider.Withdraw(incident.Aggregate, unitId, UnitReleased.Cancelled, reason!, others, caller.Actor, now);

        unit.AppendMany(released.Events.ToArray());
        incident.AppendMany(withdrawn.Events.ToArray());
        await outbox.PublishAsync(new UnitAvailable(unitId, caller.Actor, caller.CorrelationId));
        await session.SaveChangesAsync(cancellation);

        await using var query = store.QuerySession();
        return Results.Ok(await query.LoadAsync<Projections.IncidentDetails>(id, cancellation));
    }
}
